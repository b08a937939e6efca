import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { z } from 'zod';

import { type LocalIdentity, localIdentity, openLocalSession, readProfiles } from '../local-network-identities';
import { MachineSession } from '../machine-session';
import type { SpindleGateway } from '../spindle-gateway';
import { SpindleError } from '../spindle-error';

const enrolledIdentitySchema = z
    .object({ mspId: z.string(), certificateFile: z.string(), privateKeyFile: z.string() })
    .strict();

/** A P-256 encryption key pair, PEM (SPKI public, PKCS#8 private). */
export interface EncryptionKeys {
    publicKeyPem: string;
    privateKeyPem: string;
}

/**
 * Where the CLI finds identities: the gateway profiles `up` wrote (enrollment certificate and
 * key of admins, operators and machines) and each machine's encryption private key in
 * `<runDir>/keys/<machine>.enc.pem`, readable by its owner only (the device agent reads the same
 * file). The one place to swap for a fabric-network file-system wallet.
 */
export class IdentityDirectory {
    constructor(readonly runDir: string) {}

    /**
     * The identity for a label: a machine ID, or `<mill>-admin` / `<mill>-operator`.
     *
     * @throws SpindleError IDENTITY_MISSING
     */
    identity(label: string): LocalIdentity {
        const enrolled = join(this.walletDir(), label, 'identity.json');
        if (!existsSync(enrolled)) {
            return localIdentity(this.runDir, label);
        }
        const entry = enrolledIdentitySchema.parse(JSON.parse(readFileSync(enrolled, 'utf8')));
        const profiles = readProfiles(this.runDir);
        const profile = profiles.find((candidate) => candidate.mspId === entry.mspId);
        if (!profile) {
            throw new SpindleError('IDENTITY_MISSING', `no gateway profile for ${entry.mspId} of ${label}`);
        }
        return {
            profile,
            files: { certificate: entry.certificateFile, privateKey: entry.privateKeyFile },
            mspIds: profiles.map((candidate) => candidate.mspId),
        };
    }

    /** The folder of identities the CLI enrolled itself (`machine enroll`). */
    walletDir(): string {
        return join(this.runDir, 'wallet');
    }

    /** Records an identity `machine enroll` issued, so later commands can act as it. */
    saveEnrolled(label: string, entry: z.infer<typeof enrolledIdentitySchema>): void {
        const dir = join(this.walletDir(), label);
        mkdirSync(dir, { recursive: true, mode: 0o700 });
        writeFileSync(join(dir, 'identity.json'), `${JSON.stringify(entry, undefined, 2)}\n`, { mode: 0o600 });
    }

    /** A gateway session as the identity of a label. */
    open(label: string): SpindleGateway {
        return openLocalSession(this.identity(label));
    }

    /** The admin label of the mill a machine (or any identity) belongs to, e.g. `milla-admin`. */
    adminOf(label: string): string {
        return `${this.identity(label).profile.mill.toLowerCase()}-admin`;
    }

    /**
     * A machine speaking for itself, with its encryption key.
     *
     * @throws SpindleError IDENTITY_MISSING when the machine has no identity or no encryption key.
     */
    machine(machineId: string): MachineSession {
        const identity = this.identity(machineId);
        const keyFile = this.encryptionKeyFile(machineId);
        if (!existsSync(keyFile)) {
            throw new SpindleError(
                'IDENTITY_MISSING',
                `no encryption key for ${machineId} at ${keyFile}; run \`spindle machine register ${machineId}\``,
            );
        }
        return new MachineSession(
            machineId,
            openLocalSession(identity),
            readFileSync(keyFile, 'utf8'),
            readFileSync(identity.files.privateKey, 'utf8'),
        );
    }

    /** The file of a machine's encryption private key. */
    encryptionKeyFile(machineId: string): string {
        return join(this.runDir, 'keys', `${machineId}.enc.pem`);
    }

    /** The machine's encryption key pair, generated (and stored with mode 0600) the first time. */
    encryptionKeys(machineId: string): EncryptionKeys {
        const file = this.encryptionKeyFile(machineId);
        if (existsSync(file)) {
            return fromPrivateKey(readFileSync(file, 'utf8'));
        }
        return this.newEncryptionKeys(machineId);
    }

    /** A fresh encryption key pair for a machine, replacing its stored private key. */
    newEncryptionKeys(machineId: string): EncryptionKeys {
        const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const keys = {
            publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
            privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        };
        const file = this.encryptionKeyFile(machineId);
        mkdirSync(join(this.runDir, 'keys'), { recursive: true, mode: 0o700 });
        writeFileSync(file, keys.privateKeyPem, { mode: 0o600 });
        chmodSync(file, 0o600);
        return keys;
    }
}

function fromPrivateKey(privateKeyPem: string): EncryptionKeys {
    const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' });
    return { publicKeyPem: publicKeyPem.toString(), privateKeyPem };
}
