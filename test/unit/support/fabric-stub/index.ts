/** An in-memory Fabric peer for unit tests: ledger, stub and contract runtime. */
export { ContractRuntime } from './contract-runtime';
export type { InvocationResult } from './contract-runtime';
export { InMemoryLedger } from './in-memory-ledger';
export type {
    CollectionConfig,
    HistoryRecord,
    LedgerOptions,
    SimulatedTransaction,
    ValidationCode,
} from './in-memory-ledger';
export { compareKeys, createCompositeKey, splitCompositeKey } from './keys';
export { StubTransaction } from './stub-transaction';
export type { Proposal } from './stub-transaction';
