/** Spindle's contracts, one per aggregate, the area migration, housekeeping and the deployment probe. */
export { AreaMigrationContract } from './area-migration-contract';
export { CommunicationContract } from './communication-contract';
export { HousekeepingContract } from './housekeeping-contract';
export { MachineRegistryContract } from './machine-registry-contract';
export { MaterialLedgerContract } from './material-ledger-contract';
export { PROBE_PUT_EVENT, ProbeContract } from './probe-contract';
export { QueryFlowContract } from './query-flow-contract';
