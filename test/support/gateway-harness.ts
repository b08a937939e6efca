import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Contract, Network, ProposalOptions } from '@hyperledger/fabric-gateway';

import {
    chaincodeMessageOf,
    collectionsNeedingTrustedEndorsers,
    ownerOfMillCollection,
    connectGateway,
    endorsingOrganizationsFor,
    isRetryableEndorsementFailure,
    retrying,
    type GatewayConnection,
    transactionEventOf,
    waitForBlock,
} from '@spindle/client';
import {
    type Consortium,
    type EnrolledIdentity,
    type MillConfig,
    type NetworkContext,
    MACHINE_ATTRIBUTE,
    ROLE_ATTRIBUTE,
    deployChaincode,
    endpoint,
    enrollIdentity,
    prepareRelease,
    nodeTlsServerName,
} from '@spindle/network';

import type { Credentials, IdentitySpec, LedgerHarness, MillName, SubmitResult } from '../contract-suite/harness';
import { SUITE_MACHINES, mspIdOf, suiteMachine } from '../contract-suite/fixture';

/**
 * The contract suite's harness on the real three-mill network, through the Fabric Gateway.
 *
 * A fresh ledger is a fresh chaincode namespace: each harness deploys the running chaincode
 * package under a new name, `spindle-suite-<run>`, whose definition carries the suite's
 * collections, so fixed machine IDs never meet an earlier run's state. Every identity the
 * suite names is registered and enrolled at its mill's fabric-ca with its role and machine
 * attributes, as a mill's machines are.
 */
export class GatewayHarness implements LedgerHarness {
    private readonly connections = new Map<string, GatewayConnection>();
    private readonly enrolled = new Map<string, Promise<EnrolledIdentity>>();

    private constructor(
        private readonly ctx: NetworkContext,
        private readonly runId: string,
        readonly chaincodeName: string,
    ) {}

    /** Deploys a fresh chaincode namespace for one run of the suite. */
    static async create(ctx: NetworkContext): Promise<GatewayHarness> {
        const runId = randomBytes(4).toString('hex');
        const name = `spindle-suite-${runId}`;
        const release = await prepareRelease(ctx, { name, consortium: suiteConsortium() });
        await deployChaincode(ctx, release);
        return new GatewayHarness(ctx, runId, name);
    }

    async submit(
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
        transient: Record<string, Uint8Array> = {},
    ): Promise<SubmitResult> {
        const network = (await this.connect(identity)).gateway.getNetwork(this.ctx.config.channel);
        const contract = network.getContract(this.chaincodeName);
        const proposal = { arguments: args, transientData: transient };
        const endorse = (options: ProposalOptions) =>
            retrying(() => contract.submitAsync(transaction, options), isRetryableEndorsementFailure);
        const commit = await endorse(proposal).catch((error: unknown) => {
            // A delivery into another mill's collection: name the endorsers, as the gateway asks.
            const collections = collectionsNeedingTrustedEndorsers(error);
            if (!collections) {
                throw asChaincodeError(error);
            }
            const endorsingOrganizations = endorsingOrganizationsFor(
                collections.map(
                    (collection) =>
                        ownerOfMillCollection(collection) ??
                        mspIdOf(suiteMachine(collection.replace(/^machine-/, '')).mill),
                ),
                this.ctx.config.mills.map((mill) => mill.mspId),
            );
            return endorse({ ...proposal, endorsingOrganizations }).catch((retried: unknown) => {
                throw asChaincodeError(retried);
            });
        });
        const status = await commit.getStatus();
        if (!status.successful) {
            throw new Error(
                `COMMIT_FAILED: transaction ${status.transactionId} was invalidated with validation code ${status.code}`,
            );
        }
        await this.syncAllPeers(status.blockNumber);
        const event = await transactionEventOf(network, status.blockNumber, status.transactionId);
        return {
            payload: commit.getResult(),
            transactionId: status.transactionId,
            event: event && { name: event.eventName, payload: event.payload },
        };
    }

    async evaluate(identity: IdentitySpec, transaction: string, args: string[] = []): Promise<Uint8Array> {
        const contract = (await this.connect(identity)).gateway
            .getNetwork(this.ctx.config.channel)
            .getContract(this.chaincodeName);
        return retrying(() => contract.evaluate(transaction, { arguments: args }), isRetryableEndorsementFailure).catch(
            (error: unknown) => {
                throw asChaincodeError(error);
            },
        );
    }

    /** The channel as `identity` sees it through its own mill's peer, for tests that drive the gateway themselves. */
    async network(identity: IdentitySpec): Promise<Network> {
        return (await this.connect(identity)).gateway.getNetwork(this.ctx.config.channel);
    }

    /** This harness's chaincode as `identity`, for tests that build proposals themselves. */
    async contract(identity: IdentitySpec): Promise<Contract> {
        return (await this.network(identity)).getContract(this.chaincodeName);
    }

    async credentials(identity: IdentitySpec): Promise<Credentials> {
        const { mspId, certificatePem, privateKeyPem } = await this.enrollment(identity);
        return { mspId, certificatePem, privateKeyPem };
    }

    now(): Promise<Date> {
        // The transaction timestamp is the client's clock when it builds the proposal.
        return Promise.resolve(new Date());
    }

    close(): Promise<void> {
        for (const connection of this.connections.values()) {
            connection.close();
        }
        this.connections.clear();
        return Promise.resolve();
    }

    /** Enrolls each identity once per run; concurrent callers share the enrollment. */
    private enrollment(identity: IdentitySpec): Promise<EnrolledIdentity> {
        const key = identityName(this.runId, identity);
        let enrolled = this.enrolled.get(key);
        if (!enrolled) {
            enrolled = this.enroll(key, identity);
            this.enrolled.set(key, enrolled);
        }
        return enrolled;
    }

    private async enroll(name: string, identity: IdentitySpec): Promise<EnrolledIdentity> {
        const mill = this.millOf(identity);
        const attributes: Record<string, string> = { [ROLE_ATTRIBUTE]: identity.role };
        if (identity.machineId !== undefined) {
            attributes[MACHINE_ATTRIBUTE] = identity.machineId;
        }
        return enrollIdentity(
            this.ctx,
            mill,
            { name, type: identity.role === 'admin' ? 'admin' : 'client', attributes },
            join(this.ctx.paths.runDir, 'test-identities', name),
        );
    }

    /**
     * Waits until every mill's peer has committed the block, so the next read or endorsement on
     * any peer sees it, as the stub's synchronous commit does.
     */
    private async syncAllPeers(blockNumber: bigint): Promise<void> {
        await Promise.all(
            this.ctx.config.mills.map(async (mill) => {
                const connection = await this.connect({ mill: mill.name as MillName, role: 'operator' });
                await waitForBlock(connection.gateway.getNetwork(this.ctx.config.channel), blockNumber);
            }),
        );
    }

    private millOf(identity: IdentitySpec): MillConfig {
        const mill = this.ctx.config.mills.find((candidate) => candidate.name === identity.mill);
        if (!mill) {
            throw new Error(`the network has no mill ${identity.mill}`);
        }
        return mill;
    }

    private async connect(identity: IdentitySpec): Promise<GatewayConnection> {
        const key = identityName(this.runId, identity);
        const existing = this.connections.get(key);
        if (existing) {
            return existing;
        }
        const enrolled = await this.enrollment(identity);
        const mill = this.millOf(identity);
        const connection = connectGateway({
            peerEndpoint: endpoint(mill.host, mill.ports.peer),
            tlsRootCertificate: this.ctx.folders(mill).peer.tls.ca,
            tlsServerName: nodeTlsServerName(this.ctx, mill, 'peer'),
            mspId: enrolled.mspId,
            certificatePem: enrolled.certificatePem,
            privateKeyPem: enrolled.privateKeyPem,
        });
        this.connections.set(key, connection);
        return connection;
    }
}

/** The suite's machines as a consortium manifest, for their collections. */
function suiteConsortium(): Consortium {
    const mills = [...new Set(SUITE_MACHINES.map((machine) => machine.mill))];
    return {
        mills: mills.map((mill) => ({
            name: mill,
            mspId: mspIdOf(mill),
            machines: SUITE_MACHINES.filter((machine) => machine.mill === mill && machine.collection).map(
                (machine) => ({ id: machine.machineId, type: machine.machineType }),
            ),
        })),
    };
}

/** One fabric-ca enrollment ID per identity spec and run. */
function identityName(runId: string, identity: IdentitySpec): string {
    const parts = [
        's',
        runId,
        identity.mill.toLowerCase(),
        identity.role,
        identity.machineId ?? '',
        identity.variant ?? '',
    ];
    return parts
        .filter((part) => part !== '')
        .join('-')
        .replace(/[^a-z0-9-]/gi, '_');
}

/** The chaincode's own message as the error, so the suite can read the code. */
export function asChaincodeError(error: unknown): Error {
    const message = chaincodeMessageOf(error);
    return message ? new Error(message, { cause: error }) : error instanceof Error ? error : new Error(String(error));
}
