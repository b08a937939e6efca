import { generateKeyPairSync } from 'node:crypto';
import type { Caller } from '@spindle/chaincode/domain';
import type { MachineRecord, MachineStatus } from '@spindle/chaincode/protocol';

/** A P-256 key pair: SPKI PEM public key, PKCS#8 PEM private key. */
export function keyPair(): { publicKey: string; privateKey: string } {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return {
        publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

/** Pure domain rules never parse the certificate, so a placeholder stands in. */
const CERTIFICATE = '-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n';

/** A machine record with the given status, its signing key, its owner MillAMSP. */
export function machineRecord(
    machineId: string,
    status: MachineStatus,
    signingPublicKey: string,
    ownerMspId = 'MillAMSP',
): MachineRecord {
    return {
        machineId,
        ownerMspId,
        machineType: 'carding',
        line: 'line-a1',
        processStep: 'carding',
        vendor: 'Rieter',
        serialNumber: `SN-${machineId}`,
        encryptionPublicKey: signingPublicKey,
        status,
        signingCertificate: CERTIFICATE,
        signingPublicKey,
        registeredAt: '2025-03-01T08:00:00.000Z',
        updatedAt: '2025-03-01T08:00:00.000Z',
        lastAction: 'register',
    };
}

/** The caller that is `machine` itself. */
export function machineCaller(machine: MachineRecord): Caller {
    return {
        mspId: machine.ownerMspId,
        role: 'machine',
        machineId: machine.machineId,
        certificate: CERTIFICATE,
        publicKey: machine.signingPublicKey,
    };
}

/** A caller of `mspId` with `role` and no machine. */
export function staffCaller(mspId: string, role: Caller['role']): Caller {
    return { mspId, role, machineId: undefined, certificate: CERTIFICATE, publicKey: undefined };
}
