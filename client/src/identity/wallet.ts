import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

import { SpindleError } from '../errors/spindle-error';

const IDENTITY_SUFFIX = '.id';
const ENCRYPTION_KEY_SUFFIX = '.enc.pem';
const LABEL_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const OWNER_ONLY = 0o600;

const pem = (label: string) =>
    z
        .string()
        .regex(
            new RegExp(`^-----BEGIN ${label}-----\\r?\\n[\\s\\S]+-----END ${label}-----\\s*$`),
            `must be a PEM ${label}`,
        );

/** An identity file of fabric-network 2.2's wallet, version 1 of its X.509 provider. */
const identityFileSchema = z.object({
    credentials: z.object({
        certificate: pem('CERTIFICATE'),
        privateKey: pem('(?:EC |ENCRYPTED )?PRIVATE KEY'),
    }),
    mspId: z.string().min(1),
    type: z.literal('X.509'),
    version: z.literal(1),
});

/** An X.509 identity as fabric-network's wallet holds it: enrollment certificate and key, PEM. */
export interface X509Identity {
    credentials: { certificate: string; privateKey: string };
    mspId: string;
    type: 'X.509';
}

/**
 * A wallet folder that fabric-network 2.2's `Wallets.newFileSystemWallet` reads and writes too:
 * one `<label>.id` file per identity, holding the JSON its X.509 provider writes. Beside an
 * identity it keeps the machine's encryption private key as `<label>.enc.pem`. Every file is
 * written to a temporary file and renamed into place, readable by its owner only (0600).
 * Labels follow the ID whitelist, `^[a-z0-9][a-z0-9-]{0,62}$`.
 */
/** What an enrollment at a fabric-ca gives: the certificate, its private key and the MSP. */
export interface EnrolledCredentials {
    certificatePem: string;
    privateKeyPem: string;
    mspId: string;
}

/** An enrolled identity as a wallet entry. */
export function asWalletIdentity(enrolled: EnrolledCredentials): X509Identity {
    return {
        credentials: { certificate: enrolled.certificatePem, privateKey: enrolled.privateKeyPem },
        mspId: enrolled.mspId,
        type: 'X.509',
    };
}

export class FileSystemWallet {
    private constructor(readonly directory: string) {}

    /** Opens a wallet folder, creating it (owner only) when it does not exist. */
    static async open(directory: string): Promise<FileSystemWallet> {
        await mkdir(directory, { recursive: true, mode: 0o700 });
        return new FileSystemWallet(directory);
    }

    /** The labels of the identities in the wallet, sorted. */
    async list(): Promise<string[]> {
        return (await readdir(this.directory))
            .filter((file) => file.endsWith(IDENTITY_SUFFIX))
            .map((file) => file.slice(0, -IDENTITY_SUFFIX.length))
            .filter((label) => LABEL_PATTERN.test(label))
            .sort();
    }

    /**
     * The identity stored under a label, or undefined when there is none.
     *
     * @throws SpindleError INVALID_ARGUMENT for a label outside the whitelist; WALLET_INVALID
     * when the file is not an X.509 identity of version 1
     */
    async get(label: string): Promise<X509Identity | undefined> {
        const text = await this.read(label, IDENTITY_SUFFIX);
        if (text === undefined) {
            return undefined;
        }
        let json: unknown;
        try {
            json = JSON.parse(text);
        } catch (error) {
            throw new SpindleError('WALLET_INVALID', `${this.fileOf(label, IDENTITY_SUFFIX)} is not JSON`, undefined, {
                cause: error,
            });
        }
        const parsed = identityFileSchema.safeParse(json);
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new SpindleError(
                'WALLET_INVALID',
                `${this.fileOf(label, IDENTITY_SUFFIX)} is not an X.509 identity: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
            );
        }
        const { credentials, mspId, type } = parsed.data;
        return {
            credentials: { certificate: credentials.certificate, privateKey: credentials.privateKey },
            mspId,
            type,
        };
    }

    /**
     * Stores an identity under a label, replacing any before it, byte for byte as fabric-network
     * writes it.
     *
     * @throws SpindleError INVALID_ARGUMENT for a bad label; WALLET_INVALID for an identity that
     * does not fit the format
     */
    async put(label: string, identity: X509Identity): Promise<void> {
        const data = {
            credentials: {
                certificate: identity.credentials.certificate,
                privateKey: identity.credentials.privateKey,
            },
            mspId: identity.mspId,
            type: 'X.509',
            version: 1,
        };
        const parsed = identityFileSchema.safeParse(data);
        if (!parsed.success) {
            throw new SpindleError(
                'WALLET_INVALID',
                `identity ${label} does not fit the wallet format: ${parsed.error.issues[0]?.message ?? ''}`,
            );
        }
        await this.write(label, IDENTITY_SUFFIX, JSON.stringify(data));
    }

    /**
     * Removes an identity and its encryption key; nothing happens when there is none.
     *
     * @throws SpindleError INVALID_ARGUMENT for a bad label
     */
    async remove(label: string): Promise<void> {
        await rm(this.fileOf(label, IDENTITY_SUFFIX), { force: true });
        await rm(this.fileOf(label, ENCRYPTION_KEY_SUFFIX), { force: true });
    }

    /**
     * Stores a machine's encryption private key (PEM) beside its identity.
     *
     * @throws SpindleError INVALID_ARGUMENT for a bad label or a key that is not PEM
     */
    async putEncryptionKey(label: string, privateKeyPem: string): Promise<void> {
        if (!pem('(?:EC )?PRIVATE KEY').safeParse(privateKeyPem).success) {
            throw new SpindleError('INVALID_ARGUMENT', `the encryption key of ${label} is not a PEM private key`);
        }
        await this.write(label, ENCRYPTION_KEY_SUFFIX, privateKeyPem);
    }

    /**
     * A machine's encryption private key, or undefined when there is none.
     *
     * @throws SpindleError INVALID_ARGUMENT for a bad label; WALLET_INVALID when the file is not PEM
     */
    async getEncryptionKey(label: string): Promise<string | undefined> {
        const text = await this.read(label, ENCRYPTION_KEY_SUFFIX);
        if (text !== undefined && !pem('(?:EC )?PRIVATE KEY').safeParse(text).success) {
            throw new SpindleError(
                'WALLET_INVALID',
                `${this.fileOf(label, ENCRYPTION_KEY_SUFFIX)} is not a PEM private key`,
            );
        }
        return text;
    }

    private fileOf(label: string, suffix: string): string {
        if (!LABEL_PATTERN.test(label)) {
            throw new SpindleError(
                'INVALID_ARGUMENT',
                `wallet label ${JSON.stringify(label)} must match ${LABEL_PATTERN.source}`,
            );
        }
        return join(this.directory, label + suffix);
    }

    private async read(label: string, suffix: string): Promise<string | undefined> {
        try {
            return await readFile(this.fileOf(label, suffix), 'utf8');
        } catch (error) {
            if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
                return undefined;
            }
            throw error;
        }
    }

    /** Write, flush, rename: a reader sees the old file or the new one, never half of one. */
    private async write(label: string, suffix: string, text: string): Promise<void> {
        const file = this.fileOf(label, suffix);
        const temporary = join(this.directory, `.${label}${suffix}.${randomBytes(6).toString('hex')}.tmp`);
        const handle = await open(temporary, 'wx', OWNER_ONLY);
        try {
            await handle.writeFile(text, 'utf8');
            await handle.sync();
        } catch (error) {
            await handle.close();
            await rm(temporary, { force: true });
            throw error;
        }
        await handle.close();
        try {
            await rename(temporary, file);
        } catch (error) {
            await rm(temporary, { force: true });
            throw error;
        }
    }
}
