import {
    createCipheriv,
    createDecipheriv,
    createPrivateKey,
    createPublicKey,
    diffieHellman,
    generateKeyPairSync,
    hkdfSync,
    randomBytes,
} from 'node:crypto';
import { ENCRYPTION_SCHEMES, toCanonicalBytes } from '@spindle/chaincode/protocol';
import { z } from 'zod';

import type { PayloadCipher } from './packets';
import { SpindleError } from './spindle-error';

const SCHEME = ENCRYPTION_SCHEMES[0];
const INFO = Buffer.from(`spindle ${SCHEME} envelope v1`, 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const base64 = z.string().regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64');
const base64OfLength = (bytes: number) =>
    base64.refine((text) => Buffer.from(text, 'base64').length === bytes, `must be ${bytes} bytes`);

/** The shape of an encrypted envelope; unknown fields are refused, so nothing rides along unsigned. */
export const encryptedEnvelopeSchema = z
    .object({
        alg: z.literal(SCHEME),
        ephemeralPublicKey: base64.min(1),
        iv: base64OfLength(IV_BYTES),
        ciphertext: base64,
        tag: base64OfLength(TAG_BYTES),
    })
    .strict();

/**
 * A payload encrypted to one machine, JSON-able and self-describing: `alg` is the packet's
 * `encryption` scheme, the ephemeral P-256 public key is SPKI DER, every binary field base64.
 * `alg`, `ephemeralPublicKey` and `iv` are authenticated as AES-GCM additional data.
 */
export type EncryptedEnvelope = z.infer<typeof encryptedEnvelopeSchema>;

/** A machine's encryption key pair, PEM: SPKI public key for the key pool, PKCS#8 private key. */
export interface EncryptionKeyPair {
    publicKeyPem: string;
    privateKeyPem: string;
}

/** Generates a machine's P-256 encryption key pair, distinct from its Fabric signing key. */
export function newEncryptionKeyPair(): EncryptionKeyPair {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return {
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

/**
 * Encrypts a payload to a receiver's encryption public key (ECIES: ephemeral ECDH P-256,
 * HKDF-SHA256 to a 256-bit key, AES-256-GCM with a random 96-bit IV).
 *
 * @throws SpindleError INVALID_ARGUMENT when the key is not a P-256 public key
 */
export function encryptPayload(plaintext: Uint8Array, receiverPublicKeyPem: string): EncryptedEnvelope {
    const receiver = readKey(() => createPublicKey(receiverPublicKeyPem));
    const ephemeral = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const ephemeralDer = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
    const header = {
        alg: SCHEME,
        ephemeralPublicKey: ephemeralDer.toString('base64'),
        iv: randomBytes(IV_BYTES).toString('base64'),
    };
    const key = deriveKey(
        readKey(() => diffieHellman({ privateKey: ephemeral.privateKey, publicKey: receiver })),
        ephemeralDer,
    );
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
    cipher.setAAD(toCanonicalBytes(header));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { ...header, ciphertext: ciphertext.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
}

/**
 * Decrypts an envelope with the receiver's encryption private key. The envelope is parsed
 * first, so it may come straight from `JSON.parse`.
 *
 * @throws SpindleError DECRYPTION_FAILED when the envelope is malformed, was tampered with, or
 * was not encrypted to this key
 */
export function decryptPayload(envelope: unknown, receiverPrivateKeyPem: string): Uint8Array {
    const parsed = encryptedEnvelopeSchema.safeParse(envelope);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new SpindleError(
            'DECRYPTION_FAILED',
            `the envelope is malformed: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
        );
    }
    const { ciphertext, tag, ...header } = parsed.data;
    const privateKey = readKey(() => createPrivateKey(receiverPrivateKeyPem));
    try {
        const ephemeralDer = Buffer.from(header.ephemeralPublicKey, 'base64');
        const ephemeral = createPublicKey({ key: ephemeralDer, format: 'der', type: 'spki' });
        const key = deriveKey(diffieHellman({ privateKey, publicKey: ephemeral }), ephemeralDer);
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'), {
            authTagLength: TAG_BYTES,
        });
        decipher.setAAD(toCanonicalBytes(header));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
    } catch (error) {
        throw new SpindleError('DECRYPTION_FAILED', 'the envelope does not decrypt with this key', undefined, {
            cause: error,
        });
    }
}

/**
 * The envelope as a packet's `payload` bytes (canonical JSON) and back: a {@link PayloadCipher}
 * for `buildPacket` and `openPacket`.
 */
export const envelopeCipher: PayloadCipher = {
    encrypt(plaintext, recipientPublicKeyPem) {
        return toCanonicalBytes(encryptPayload(plaintext, recipientPublicKeyPem));
    },
    decrypt(bytes, recipientPrivateKeyPem) {
        let envelope: unknown;
        try {
            envelope = JSON.parse(Buffer.from(bytes).toString('utf8'));
        } catch (error) {
            throw new SpindleError('DECRYPTION_FAILED', 'the payload is not a JSON envelope', undefined, {
                cause: error,
            });
        }
        return decryptPayload(envelope, recipientPrivateKeyPem);
    },
};

function deriveKey(sharedSecret: Buffer, ephemeralDer: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', sharedSecret, ephemeralDer, INFO, KEY_BYTES));
}

function readKey<T>(read: () => T): T {
    try {
        return read();
    } catch (error) {
        throw new SpindleError('INVALID_ARGUMENT', 'the key is not a usable P-256 key', undefined, { cause: error });
    }
}
