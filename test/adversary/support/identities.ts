import { type KeyObject, createPrivateKey } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { msp } from '@hyperledger/fabric-protos';
import type { NetworkContext } from '@spindle/network';

/** The roles whose keys an insider of a mill holds. */
export type MillRole = 'peer' | 'orderer' | 'admin' | 'operator';

/** A signing identity the attacker holds: its MSP, certificate and private key. */
export interface AttackerIdentity {
    /** What it is, for messages: `MillA peer`, `machine carding-a1`. */
    label: string;
    mspId: string;
    certificatePem: string;
    privateKey: KeyObject;
}

/** The mills of the local network by name, with their MSP IDs and folder keys. */
export function millNamed(ctx: NetworkContext, millName: string): NetworkContext['config']['mills'][number] {
    const mill = ctx.config.mills.find((candidate) => candidate.name === millName);
    if (mill === undefined) {
        throw new Error(`IDENTITY_MISSING: no mill ${millName}`);
    }
    return mill;
}

/**
 * Loads one of a mill's own identities from the run folder: its peer's or orderer's signing
 * certificate and key (the node MSP), or its admin's or operator's client certificate and key.
 *
 * @throws Error IDENTITY_MISSING when the mill or the files are not there.
 */
export function millIdentity(ctx: NetworkContext, millName: string, role: MillRole): AttackerIdentity {
    const mill = millNamed(ctx, millName);
    const folders = ctx.folders(mill);
    return fromMsp(`${millName} ${role}`, mill.mspId, folders[role].msp);
}

/**
 * Loads a machine's client certificate and key from the run folder.
 *
 * @throws Error IDENTITY_MISSING when no mill's manifest holds the machine.
 */
export function machineIdentity(ctx: NetworkContext, machineId: string): AttackerIdentity {
    const owner = ctx.consortium.mills.find((mill) => mill.machines.some((machine) => machine.id === machineId));
    if (owner === undefined) {
        throw new Error(`IDENTITY_MISSING: no manifest machine ${machineId}`);
    }
    const mill = millNamed(ctx, owner.name);
    return fromMsp(`machine ${machineId}`, mill.mspId, join(ctx.folders(mill).machinesDir, machineId, 'msp'));
}

/** The mill that owns a manifest machine. */
export function ownerMillOf(ctx: NetworkContext, machineId: string): string {
    const owner = ctx.consortium.mills.find((mill) => mill.machines.some((machine) => machine.id === machineId));
    if (owner === undefined) {
        throw new Error(`IDENTITY_MISSING: no manifest machine ${machineId}`);
    }
    return owner.name;
}

/** The `msp.SerializedIdentity` bytes of an identity: what a creator or an endorser field holds. */
export function serializeIdentity(identity: Pick<AttackerIdentity, 'mspId' | 'certificatePem'>): Uint8Array {
    const serialized = new msp.SerializedIdentity();
    serialized.setMspid(identity.mspId);
    serialized.setIdBytes(Buffer.from(identity.certificatePem, 'utf8'));
    return serialized.serializeBinary();
}

function fromMsp(label: string, mspId: string, mspDir: string): AttackerIdentity {
    try {
        const keystore = join(mspDir, 'keystore');
        const [keyFile] = readdirSync(keystore);
        if (keyFile === undefined) {
            throw new Error(`no key in ${keystore}`);
        }
        return {
            label,
            mspId,
            certificatePem: readFileSync(join(mspDir, 'signcerts', 'cert.pem'), 'utf8'),
            privateKey: createPrivateKey(readFileSync(join(keystore, keyFile), 'utf8')),
        };
    } catch (error) {
        throw new Error(`IDENTITY_MISSING: ${label} has no readable MSP in ${mspDir}`, { cause: error });
    }
}
