import { generateKeyPairSync } from 'node:crypto';

import { type EncryptionKeyPair, newEncryptionKeyPair } from '@spindle/client';

/** A PEM key pair. */
export interface PemKeyPair {
    publicKeyPem: string;
    privateKeyPem: string;
}

/** A machine's two key pairs: P-256 for signing packets, and its encryption pair. */
export interface MachineKeys {
    signing: PemKeyPair;
    encryption: EncryptionKeyPair;
}

/** A fresh P-256 signing key pair, as a machine's certificate carries. */
export function newSigningKeys(): PemKeyPair {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
        publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

/** Fresh signing and encryption keys for one machine. */
export function newMachineKeys(): MachineKeys {
    return { signing: newSigningKeys(), encryption: newEncryptionKeyPair() };
}

/**
 * What a fake `registry.keys(machineId)` answers: the machine's registered public keys, owned
 * by MillA for an `-a<n>` machine and by MillB otherwise.
 */
export function registeredKeys(machineId: string, keys: MachineKeys, status = 'ACTIVE') {
    return {
        machineId,
        ownerMspId: /-a\d+$/.test(machineId) ? 'MillAMSP' : 'MillBMSP',
        status,
        signingCertificate: '',
        signingPublicKey: keys.signing.publicKeyPem,
        encryptionPublicKey: keys.encryption.publicKeyPem,
    };
}
