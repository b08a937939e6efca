import { join } from 'node:path';
import type { Contract } from '@hyperledger/fabric-gateway';
import {
    CONSORTIUM,
    CONTRACT_NAMES,
    MACHINE_REGISTRY_TRANSACTIONS as TX,
    processStepOf,
    qualifiedName,
    type ConsortiumMill,
    type MachineRegistration,
    type MachineType,
} from '@spindle/chaincode/protocol';
import { connectGateway, newEncryptionKeyPair, newPeerClient } from '@spindle/client';
import {
    MACHINE_ATTRIBUTE,
    ROLE_ATTRIBUTE,
    eachLimited,
    enrollIdentity,
    readGatewayProfile,
    gatewayProfileFile,
} from '@spindle/network';

import type { BenchContext } from '../bench-context';
import { type LoadShape, runLoad } from '../harness';
import { submitOnce } from '../recorded-submit';
import type { WorkloadResult } from './workload';

/** Enrollments run this many at a time: each is two fabric-ca-client processes. */
const ENROLL_PARALLEL = 6;

/** New machines for the register workload, and how to close their connections afterwards. */
export interface RegisterPool {
    candidates: Candidate[];
    closeConnections: () => void;
}

/** A new machine identity, enrolled and connected, ready to register itself. */
export interface Candidate {
    registration: MachineRegistration;
    /** What the machine needs to speak for itself later: its enrollment and its encryption private key. */
    credentials: MachineCredentials;
    contract: Contract;
    close: () => void;
}

/** A machine's own keys: its enrollment certificate and signing key, and its encryption private key. */
export interface MachineCredentials {
    mspId: string;
    certificatePem: string;
    signingKeyPem: string;
    encryptionPrivateKeyPem: string;
}

/** Where a pool's machine IDs start: `<prefix>-<mill suffix><index>`, the index counting from `firstIndex`. */
export interface PoolNaming {
    /** `<run ID>-reg` unless given. */
    prefix?: string;
    /** 0 unless given; it also picks the first machine's mill (index modulo the mills). */
    firstIndex?: number;
    /** The type each machine registers as, by its index; `carding` unless given. */
    machineTypeOf?: (index: number) => MachineType;
}

/**
 * Issues `count` new machine identities (role `machine`, spread over the mills) at the mills'
 * fabric-ca before the clock starts, since `register` must be sent by the machine itself; each
 * signs over its mill's one shared gRPC connection. Pools of one run need distinct `naming`.
 */
export async function enrollRegisterPool(
    context: BenchContext,
    count: number,
    naming: PoolNaming = {},
): Promise<RegisterPool> {
    const prefix = naming.prefix ?? `${context.runId}-reg`;
    const firstIndex = naming.firstIndex ?? 0;
    const mills = context.network.config.mills;
    const connections = new Map(
        mills.map((mill) => {
            const profile = readGatewayProfile(gatewayProfileFile(context.network, mill));
            return [
                mill.name,
                {
                    profile,
                    client: newPeerClient(profile.peerEndpoint, profile.tlsRootCertificate, profile.tlsServerName),
                },
            ];
        }),
    );
    const candidates: Candidate[] = [];
    const enrollOne = async (index: number): Promise<void> => {
        const mill = mills[index % mills.length];
        const connection = mill && connections.get(mill.name);
        if (mill === undefined || connection === undefined) {
            return;
        }
        // A mill names its machines in its own namespace, -<suffix><number> (chaincode consortium.json).
        const suffix = millOfMspId(mill.mspId).machineIdSuffix;
        const machineId = `${prefix}-${suffix}${index}`;
        const enrolled = await enrollIdentity(
            context.network,
            mill,
            {
                name: machineId,
                type: 'client',
                attributes: { [ROLE_ATTRIBUTE]: 'machine', [MACHINE_ATTRIBUTE]: machineId },
            },
            join(context.network.paths.runDir, 'bench-enrolled', machineId),
        );
        const connected = connectGateway({
            peerEndpoint: connection.profile.peerEndpoint,
            tlsRootCertificate: connection.profile.tlsRootCertificate,
            mspId: enrolled.mspId,
            certificatePem: enrolled.certificatePem,
            privateKeyPem: enrolled.privateKeyPem,
            client: connection.client,
        });
        // Each machine its own encryption key pair, as a real one has: a query to it is encrypted to it alone.
        const encryption = newEncryptionKeyPair();
        const machineType = naming.machineTypeOf?.(index) ?? 'carding';
        candidates.push({
            registration: {
                machineId,
                ownerMspId: enrolled.mspId,
                machineType,
                processStep: processStepOf(machineType),
                line: 'line-bench',
                vendor: 'Spindle Bench Works',
                serialNumber: `sn-${machineId}`,
                encryptionPublicKey: encryption.publicKeyPem,
            },
            credentials: {
                mspId: enrolled.mspId,
                certificatePem: enrolled.certificatePem,
                signingKeyPem: enrolled.privateKeyPem,
                encryptionPrivateKeyPem: encryption.privateKeyPem,
            },
            contract: connected.gateway
                .getNetwork(context.network.config.channel)
                .getContract(context.network.config.chaincode.name),
            close: () => {
                connected.close();
            },
        });
    };
    const closeConnections = () => {
        for (const { client } of connections.values()) {
            client.close();
        }
    };
    try {
        const indexes = Array.from({ length: count }, (_, offset) => firstIndex + offset);
        await eachLimited(indexes, ENROLL_PARALLEL, enrollOne);
    } catch (error) {
        for (const candidate of candidates) {
            candidate.close();
        }
        closeConnections();
        throw error;
    }
    return { candidates, closeConnections };
}

/**
 * `MachineRegistry:register`: each of `count` freshly enrolled machines registers itself once
 * (an own write: one new machine record). The run ends when the pool is used up or the time
 * runs out, whichever is first.
 */
export async function machineRegister(
    shape: LoadShape,
    { candidates, closeConnections }: RegisterPool,
): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.machineRegistry, TX.register);
    try {
        const load = await runLoad({ ...shape, maxCount: candidates.length }, (index) => {
            const candidate = candidates[index];
            return candidate === undefined
                ? Promise.resolve('NO_CANDIDATE')
                : submitOnce(candidate.contract, transaction, {
                      arguments: [JSON.stringify(candidate.registration)],
                  });
        });
        return {
            id: 'register',
            title: 'MachineRegistry:register (a new machine, by itself)',
            kind: 'write',
            concurrency: shape.concurrency,
            load,
            extra: { enrolledBeforehand: candidates.length },
        };
    } finally {
        for (const candidate of candidates) {
            candidate.close();
        }
        closeConnections();
    }
}

function millOfMspId(mspId: string): ConsortiumMill {
    const mill = CONSORTIUM.mills.find((candidate) => candidate.mspId === mspId);
    if (mill === undefined) {
        throw new Error(`CONFIG_INVALID: ${mspId} is not a mill of the chaincode's consortium`);
    }
    return mill;
}
