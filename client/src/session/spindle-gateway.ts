import { type Contract, type Network, type ProposalOptions, type Transaction } from '@hyperledger/fabric-gateway';
import {
    CONTRACT_NAMES,
    MACHINE_REGISTRY_TRANSACTIONS,
    keyPoolEntrySchema,
    qualifiedName,
} from '@spindle/chaincode/protocol';

import { decideAfterCommit } from './commit-decision';
import {
    collectionsNeedingTrustedEndorsers,
    endorsingOrganizationsFor,
    ownerOfMillCollection,
} from './endorsing-organizations';
import { type ConnectionOptions, type GatewayConnection, connectGateway } from './gateway-connection';
import { parseResult } from './parse-result';
import { isRetryableEndorsementFailure, retrying } from './retry';
import { type CommitTiming, DEFAULT_COMMIT_TIMING, type ResendListener, commitSigned } from './signed-submission';
import { SpindleError, toSpindleError } from '../errors/spindle-error';

const MAX_SUBMISSIONS = 5;

/** What a Spindle session connects to and as whom. */
export interface SessionOptions {
    peerEndpoint: string;
    tlsRootCertificate: string;
    /** The name to check the peer's TLS certificate against; see {@link ConnectionOptions}. */
    tlsServerName?: string;
    channel: string;
    chaincode: string;
    mspId: string;
    certificatePem: string;
    privateKeyPem: string;
    /** Every mill's MSP ID, to pick a majority of endorsers for deliveries across mills. */
    mspIds: readonly string[];
    signing?: 'node' | 'gateway';
    /** How long to wait for commit statuses and orderers; defaults to DEFAULT_COMMIT_TIMING. */
    commitTiming?: Partial<CommitTiming>;
    /** Hears of every signed transaction sent again to the orderers. */
    onResend?: ResendListener;
    /**
     * A gRPC connection to the peer to share (from `newPeerClient`), as an edge box serving many
     * machines does; closing the session then leaves it open.
     */
    client?: ConnectionOptions['client'];
}

/** A transaction committed valid. */
export interface CommittedTransaction {
    result: Uint8Array;
    transactionId: string;
    blockNumber: bigint;
}

/** How to submit one transaction. */
export interface SubmitOptions {
    args?: string[];
    transient?: Record<string, Uint8Array>;
    /** Mills whose peers must endorse; otherwise the gateway works them out. */
    endorsingOrganizations?: string[];
}

/**
 * One identity's connection to the Spindle chaincode through its mill's peer: submits with
 * commit status awaited, resubmits transactions invalidated by MVCC conflicts, retries
 * unreachable peers, names trusted endorsers when a delivery crosses mills, and turns every
 * failure into a SpindleError with its code.
 */
export class SpindleGateway {
    readonly network: Network;
    private readonly contract: Contract;
    private readonly owners = new Map<string, string>();
    private readonly timing: CommitTiming;

    private constructor(
        private readonly connection: GatewayConnection,
        readonly options: SessionOptions,
    ) {
        this.network = connection.gateway.getNetwork(options.channel);
        this.contract = this.network.getContract(options.chaincode);
        this.timing = { ...DEFAULT_COMMIT_TIMING, ...options.commitTiming };
    }

    /** Opens a session. */
    static open(options: SessionOptions): SpindleGateway {
        return new SpindleGateway(connectGateway(options), options);
    }

    /**
     * Endorses, orders and commits a transaction (`Contract:name`) and waits until it is valid.
     * While the orderers cannot take it or its status is late, the same signed transaction is
     * sent again (exactly once: a second copy is marked DUPLICATE_TXID); an MVCC conflict is
     * endorsed again as a new transaction.
     *
     * @throws SpindleError with the chaincode's code, or COMMIT_FAILED, ENDORSEMENT_FAILED, IDENTITY_REFUSED,
     *   UNAVAILABLE, TIMEOUT.
     */
    async submit(transaction: string, options: SubmitOptions = {}): Promise<CommittedTransaction> {
        let proposal: ProposalOptions = {
            arguments: options.args ?? [],
            transientData: options.transient ?? {},
            ...(options.endorsingOrganizations ? { endorsingOrganizations: options.endorsingOrganizations } : {}),
        };
        for (let submission = 1; ; submission += 1) {
            const endorsed = await this.endorse(transaction, proposal).catch(async (error: unknown) => {
                const collections = collectionsNeedingTrustedEndorsers(error);
                if (!collections || proposal.endorsingOrganizations) {
                    throw toSpindleError(error);
                }
                proposal = { ...proposal, endorsingOrganizations: await this.endorsersFor(collections) };
                return this.endorse(transaction, proposal).catch((retried: unknown) => {
                    throw toSpindleError(retried);
                });
            });
            const status = await commitSigned(endorsed, this.timing, this.options.onResend);
            const decision = decideAfterCommit(status.code, submission, MAX_SUBMISSIONS);
            if (decision === 'COMMITTED') {
                return {
                    result: endorsed.getResult(),
                    transactionId: status.transactionId,
                    blockNumber: status.blockNumber,
                };
            }
            if (decision === 'FAILED') {
                throw new SpindleError(
                    'COMMIT_FAILED',
                    `transaction ${status.transactionId} was invalidated at commit with validation code ${String(status.code)}`,
                    status.transactionId,
                );
            }
        }
    }

    /**
     * Evaluates a read on the session's own mill's peer.
     *
     * @throws SpindleError with the chaincode's code, or ENDORSEMENT_FAILED, IDENTITY_REFUSED, UNAVAILABLE.
     */
    async evaluate(transaction: string, args: string[] = []): Promise<Uint8Array> {
        return retrying(
            () => this.contract.evaluate(transaction, { arguments: args }),
            isRetryableEndorsementFailure,
        ).catch((error: unknown) => {
            throw toSpindleError(error);
        });
    }

    /**
     * The mills that must endorse a delivery between two machines: both owners, then others up
     * to a majority (they see only ciphertext).
     */
    async endorsersForMachines(machineIds: readonly string[]): Promise<string[]> {
        const owners = await Promise.all(machineIds.map((id) => this.ownerOf(id)));
        return endorsingOrganizationsFor(owners, this.options.mspIds);
    }

    /** Releases the connection. */
    close(): void {
        this.connection.close();
    }

    /** Endorses a new proposal; each retry is a new transaction ID, since nothing was ordered yet. */
    private endorse(transaction: string, proposal: ProposalOptions): Promise<Transaction> {
        return retrying(
            () => this.contract.newProposal(transaction, proposal).endorse(),
            isRetryableEndorsementFailure,
        );
    }

    /**
     * The endorsers for the collections a gateway named: a mill collection `mill-<MSP ID>` names
     * its owner; a per-machine collection `machine-<ID>` of the earlier layout, its machine's.
     */
    private async endorsersFor(collections: readonly string[]): Promise<string[]> {
        const owners = await Promise.all(
            collections.map((name) => {
                const millOwner = ownerOfMillCollection(name);
                return millOwner === undefined
                    ? this.ownerOf(name.replace(/^machine-/, ''))
                    : Promise.resolve(millOwner);
            }),
        );
        return endorsingOrganizationsFor(owners, this.options.mspIds);
    }

    /** A machine's owning mill, from the key pool; cached, since ownership never changes. */
    private async ownerOf(machineId: string): Promise<string> {
        const cached = this.owners.get(machineId);
        if (cached) {
            return cached;
        }
        const entry = parseResult(
            keyPoolEntrySchema,
            await this.evaluate(qualifiedName(CONTRACT_NAMES.machineRegistry, MACHINE_REGISTRY_TRANSACTIONS.getKeys), [
                machineId,
            ]),
        );
        this.owners.set(machineId, entry.ownerMspId);
        return entry.ownerMspId;
    }
}
