import {
    type KeyObject,
    createCipheriv,
    createDecipheriv,
    createPrivateKey,
    createPublicKey,
    diffieHellman,
    generateKeyPairSync,
    hkdfSync,
    randomBytes,
} from 'node:crypto';
import { LIMITS } from '@spindle/chaincode/protocol';

import type { PayloadCipher } from './packets';
import { type PayloadBinding, bindingBytes, parsePayloadBinding } from './payload-binding';
import { padPlaintext, unpadPlaintext } from './payload-padding';
import { SpindleError } from '../errors/spindle-error';

/**
 * The ciphertext format. Version 1 bound nothing but its own header and showed the plaintext's
 * length; it is refused, never read as version 2.
 */
export const CIPHERTEXT_VERSION = 2;
/** DER SPKI of an uncompressed P-256 public key, as Node exports it. */
const EPHEMERAL_KEY_BYTES = 91;
const HEADER_BYTES = 3 + EPHEMERAL_KEY_BYTES;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Bytes a ciphertext adds to its padded plaintext: header, IV and tag. */
export const CIPHERTEXT_OVERHEAD_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;

/** The largest padded plaintext whose ciphertext still fits `LIMITS.payloadBytes`. */
export const MAX_PADDED_PLAINTEXT_BYTES = LIMITS.payloadBytes - CIPHERTEXT_OVERHEAD_BYTES;

/**
 * ECIES as DESIGN.md fixes it (`ecies-p256-hkdf-sha256-aes-256-gcm`): an ephemeral P-256 key
 * agreement with the recipient's encryption key, HKDF-SHA256 (salted with the ephemeral public
 * key) to an AES-256-GCM key, a random 96-bit IV. The bytes are
 * `version (2) | ephemeral key length (2) | ephemeral SPKI DER | IV | tag | ciphertext`.
 *
 * The payload is bound to its packet: the HKDF info and the GCM additional data both carry
 * {@link bindingBytes} (sender, receiver, type, nonce, reply-to, the recipient's and the
 * ephemeral key), and GCM's additional data the header and IV too. The decrypting side passes
 * the binding of the packet the ciphertext came in, so a ciphertext lifted into any other packet
 * does not decrypt. The plaintext is padded to a bucket first (see payload-padding.ts), so the
 * packet's public `size` shows only the bucket.
 */
export const eciesCipher: PayloadCipher = {
    encrypt(plaintext: Uint8Array, recipientPublicKeyPem: string, binding: PayloadBinding): Uint8Array {
        const bound = parsePayloadBinding(binding);
        const recipient = p256PublicKey(recipientPublicKeyPem);
        const padded = padPlaintext(plaintext, MAX_PADDED_PLAINTEXT_BYTES);
        const ephemeral = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const ephemeralDer = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
        if (ephemeralDer.length !== EPHEMERAL_KEY_BYTES) {
            throw new SpindleError('UNEXPECTED', `an ephemeral P-256 key of ${ephemeralDer.length} bytes`);
        }
        const header = Buffer.concat([
            Buffer.from([CIPHERTEXT_VERSION, ephemeralDer.length >> 8, ephemeralDer.length & 0xff]),
            ephemeralDer,
        ]);
        const context = bindingBytes(
            CIPHERTEXT_VERSION,
            bound,
            recipient.export({ type: 'spki', format: 'der' }),
            ephemeralDer,
        );
        const key = deriveKey(
            diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }),
            ephemeralDer,
            context,
        );
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        cipher.setAAD(Buffer.concat([header, iv, context]));
        const ciphertext = Buffer.concat([cipher.update(padded), cipher.final()]);
        return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
    },

    decrypt(bytes: Uint8Array, recipientPrivateKeyPem: string, binding: PayloadBinding): Uint8Array {
        const bound = parsePayloadBinding(binding);
        const data = Buffer.from(bytes);
        if (data[0] !== CIPHERTEXT_VERSION) {
            throw new SpindleError(
                'DECRYPTION_FAILED',
                `ciphertext format ${data[0] ?? 'none'} is not accepted; only version ${CIPHERTEXT_VERSION}, bound to its packet, is`,
            );
        }
        try {
            if (data.length < CIPHERTEXT_OVERHEAD_BYTES || data.readUInt16BE(1) !== EPHEMERAL_KEY_BYTES) {
                throw new Error('truncated or malformed header');
            }
            const ephemeralDer = data.subarray(3, HEADER_BYTES);
            const iv = data.subarray(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
            const tag = data.subarray(HEADER_BYTES + IV_BYTES, CIPHERTEXT_OVERHEAD_BYTES);
            const ciphertext = data.subarray(CIPHERTEXT_OVERHEAD_BYTES);
            const privateKey = createPrivateKey(recipientPrivateKeyPem);
            const context = bindingBytes(
                CIPHERTEXT_VERSION,
                bound,
                createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
                ephemeralDer,
            );
            const ephemeral = createPublicKey({ key: ephemeralDer, format: 'der', type: 'spki' });
            const key = deriveKey(diffieHellman({ privateKey, publicKey: ephemeral }), ephemeralDer, context);
            const decipher = createDecipheriv('aes-256-gcm', key, iv);
            decipher.setAAD(Buffer.concat([data.subarray(0, HEADER_BYTES + IV_BYTES), context]));
            decipher.setAuthTag(tag);
            return unpadPlaintext(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
        } catch (error) {
            throw new SpindleError(
                'DECRYPTION_FAILED',
                'the payload does not decrypt with this key inside this packet (sender, receiver, type, nonce, reply-to)',
                undefined,
                { cause: error },
            );
        }
    },
};

/** A machine's encryption key pair, registered in the key pool apart from its signing key. */
export interface EncryptionKeyPair {
    publicKeyPem: string;
    privateKeyPem: string;
}

/** A fresh P-256 encryption key pair: SPKI and PKCS#8 PEM. */
export function newEncryptionKeyPair(): EncryptionKeyPair {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return {
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

/** @throws SpindleError INVALID_ARGUMENT when the PEM is not a P-256 public key. */
function p256PublicKey(pem: string): KeyObject {
    let key: KeyObject;
    try {
        key = createPublicKey(pem);
    } catch (error) {
        throw new SpindleError('INVALID_ARGUMENT', 'the encryption key is not a readable public key', undefined, {
            cause: error,
        });
    }
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw new SpindleError('INVALID_ARGUMENT', 'the encryption key is not a P-256 public key');
    }
    return key;
}

function deriveKey(sharedSecret: Buffer, salt: Buffer, info: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', sharedSecret, salt, info, 32));
}
