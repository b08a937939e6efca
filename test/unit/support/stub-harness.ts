import './quiet-fabric-logs';
import { contracts } from '@spindle/chaincode';
import { peerClock } from '@spindle/chaincode/ledger';
import { machineCollectionName, millCollectionName, type PrivateAreaLayout } from '@spindle/chaincode/protocol';
import type { Credentials, IdentitySpec, LedgerHarness, SubmitResult } from '../../contract-suite/harness';
import { SUITE_MACHINES, mspIdOf } from '../../contract-suite/fixture';
import {
    ContractRuntime,
    InMemoryLedger,
    StubTransaction,
    type CollectionConfig,
    type SimulatedTransaction,
    type ValidationCode,
} from './fabric-stub';
import { TestIdentities } from './test-identities';

/** A transaction endorsed on the stub but not yet committed. */
export interface Endorsed {
    simulation: SimulatedTransaction;
    payload: Uint8Array;
}

/**
 * The collections the contract suite expects: one per mill (the layout since 1.1); or, with
 * `machine`, one per fixture machine that has one, as releases before 1.1 defined them.
 */
export function suiteCollections(layout: PrivateAreaLayout = 'mill'): CollectionConfig[] {
    if (layout === 'mill') {
        return [...new Set(SUITE_MACHINES.map((machine) => machine.mill))].map((mill) =>
            collectionOf(millCollectionName(mspIdOf(mill)), mspIdOf(mill)),
        );
    }
    return SUITE_MACHINES.filter((machine) => machine.collection).map((machine) =>
        collectionOf(machineCollectionName(machine.machineId), mspIdOf(machine.mill)),
    );
}

function collectionOf(name: string, mspId: string): CollectionConfig {
    return { name, memberMspIds: [mspId], memberOnlyRead: true, memberOnlyWrite: false };
}

/**
 * The contract suite's harness on the in-memory ledger, with Spindle's contracts running in
 * fabric-shim's contract runtime. A refused transaction's write set is discarded, as a failed
 * endorsement writes nothing on Fabric. Beyond `LedgerHarness` it exposes the ledger and
 * two-phase endorse/commit, for unit tests of MVCC behaviour.
 */
export class StubHarness implements LedgerHarness {
    readonly ledger: InMemoryLedger;
    private readonly runtime = new ContractRuntime(contracts);
    private readonly identities = new TestIdentities();

    constructor(collections: readonly CollectionConfig[] = suiteCollections()) {
        this.ledger = new InMemoryLedger({ collections });
    }

    async submit(
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
        transient: Record<string, Uint8Array> = {},
    ): Promise<SubmitResult> {
        const endorsed = await this.endorse(identity, transaction, args, transient);
        const code = this.ledger.commit(endorsed.simulation);
        if (code !== 'VALID') {
            throw new Error(
                `transaction ${endorsed.simulation.transactionId} failed to commit with status code ${code}`,
            );
        }
        return {
            payload: endorsed.payload,
            transactionId: endorsed.simulation.transactionId,
            event: endorsed.simulation.event,
        };
    }

    async evaluate(identity: IdentitySpec, transaction: string, args: string[] = []): Promise<Uint8Array> {
        return (await this.endorse(identity, transaction, args, {})).payload;
    }

    /**
     * Simulates a transaction without committing it, on the peer of `peerMspId` (by default the
     * creator's own mill's peer).
     *
     * @throws Error with the chaincode's message when the chaincode refuses.
     */
    async endorse(
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
        transient: Record<string, Uint8Array> = {},
        peerMspId?: string,
    ): Promise<Endorsed> {
        const credentials = this.identities.credentials(identity);
        const stub = new StubTransaction(this.ledger, {
            creator: { mspId: credentials.mspId, certificatePem: credentials.certificatePem },
            functionName: transaction,
            args,
            transient: new Map(Object.entries(transient)),
            ...(peerMspId === undefined ? {} : { peerMspId }),
        });
        // The endorsing peer's clock is the ledger's own, as on a peer of this ledger.
        peerClock.now = () => this.ledger.nextTimestamp().getTime();
        const result = await this.runtime.invoke(stub);
        if (result.status !== 200) {
            throw new Error(result.message);
        }
        return { simulation: stub.simulation, payload: result.payload };
    }

    /** Commits endorsed transactions in order, as one block, and reports each one's validation code. */
    commitBlock(transactions: readonly Endorsed[]): ValidationCode[] {
        return transactions.map((transaction) => this.ledger.commit(transaction.simulation));
    }

    credentials(identity: IdentitySpec): Promise<Credentials> {
        return Promise.resolve(this.identities.credentials(identity));
    }

    now(): Promise<Date> {
        return Promise.resolve(this.ledger.nextTimestamp());
    }

    stateDigest(): Promise<string> {
        return Promise.resolve(this.ledger.digest());
    }

    close(): Promise<void> {
        return Promise.resolve();
    }
}
