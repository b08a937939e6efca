import {
    MachineSession,
    SpindleGateway,
    endorsingOrganizationsFor,
    newPeerClient,
    readProfiles,
} from '@spindle/client';

import type { BenchContext } from '../bench-context';
import type { GrownMachine } from '../grow-machines';
import type { BenchMachine } from '../ready-machines';
import { LINE_TYPES, type LineType } from './line-profile';

/** A machine of the capacity run: its own session (identity), its keys, and who endorses its deliveries. */
export interface FleetMachine {
    machineId: string;
    mspId: string;
    type: LineType;
    encryptionPublicKeyPem: string;
    session: MachineSession;
    /** The mills that must endorse a delivery from this machine to `receiver`. */
    endorsersTo(receiver: FleetMachine): string[];
}

/** The machines of a run and how to close their sessions. */
export interface Fleet {
    machines: FleetMachine[];
    close(): void;
}

/**
 * Sessions for grown machines, each signing as itself over its mill's one shared gRPC
 * connection (as an edge box serving the mill's machines would hold one connection), so
 * hundreds of machines do not cost hundreds of TLS connections on the bench's side.
 *
 * @throws Error CONFIG_INVALID when a machine's mill has no gateway profile.
 */
export function openFleet(context: BenchContext, grown: readonly GrownMachine[]): Fleet {
    const profiles = readProfiles(context.network.paths.runDir);
    const mspIds = profiles.map((profile) => profile.mspId);
    const clients = new Map(
        profiles.map((profile) => [
            profile.mspId,
            newPeerClient(profile.peerEndpoint, profile.tlsRootCertificate, profile.tlsServerName),
        ]),
    );
    const machines = grown.map(({ registration, credentials }): FleetMachine => {
        const profile = profiles.find((candidate) => candidate.mspId === credentials.mspId);
        const client = clients.get(credentials.mspId);
        if (profile === undefined || client === undefined) {
            throw new Error(`CONFIG_INVALID: no gateway profile for ${credentials.mspId}`);
        }
        const gateway = SpindleGateway.open({
            peerEndpoint: profile.peerEndpoint,
            tlsRootCertificate: profile.tlsRootCertificate,
            tlsServerName: profile.tlsServerName,
            channel: profile.channel,
            chaincode: profile.chaincode,
            mspId: credentials.mspId,
            certificatePem: credentials.certificatePem,
            privateKeyPem: credentials.signingKeyPem,
            mspIds,
            client,
        });
        return fleetMachine(
            new MachineSession(
                registration.machineId,
                gateway,
                credentials.encryptionPrivateKeyPem,
                credentials.signingKeyPem,
            ),
            credentials.mspId,
            lineTypeOrCarding(registration.machineType),
            registration.encryptionPublicKey,
            mspIds,
        );
    });
    return {
        machines,
        close() {
            for (const machine of machines) {
                machine.session.close();
            }
            for (const client of clients.values()) {
                client.close();
            }
        },
    };
}

/** A manifest machine (from `readyMachines`) as a fleet machine; its session stays the caller's to close. */
export function fleetMachineOf(machine: BenchMachine, mspIds: readonly string[]): FleetMachine {
    return fleetMachine(
        machine.session,
        machine.mspId,
        lineTypeOrCarding(machine.record.machineType),
        machine.record.encryptionPublicKey,
        mspIds,
    );
}

function fleetMachine(
    session: MachineSession,
    mspId: string,
    type: LineType,
    encryptionPublicKeyPem: string,
    mspIds: readonly string[],
): FleetMachine {
    const endorsers = new Map<string, string[]>();
    return {
        machineId: session.machineId,
        mspId,
        type,
        encryptionPublicKeyPem,
        session,
        endorsersTo(receiver) {
            let chosen = endorsers.get(receiver.mspId);
            if (chosen === undefined) {
                chosen = endorsingOrganizationsFor([mspId, receiver.mspId], mspIds);
                endorsers.set(receiver.mspId, chosen);
            }
            return chosen;
        },
    };
}

function lineTypeOrCarding(type: string): LineType {
    return LINE_TYPES.find((candidate) => candidate === type) ?? 'carding';
}
