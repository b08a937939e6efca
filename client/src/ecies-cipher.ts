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

import type { PayloadCipher } from './packets';
import { SpindleError } from './spindle-error';

const VERSION = 1;
const INFO = Buffer.from('spindle packet payload v1', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * ECIES as DESIGN.md fixes it (`ecies-p256-hkdf-sha256-aes-256-gcm`): an ephemeral P-256 key
 * agreement with the recipient's encryption key, HKDF-SHA256 (salted with the ephemeral public
 * key) to an AES-256-GCM key, a random 96-bit IV. The bytes are
 * `version | ephemeral key length (2) | ephemeral SPKI DER | IV | tag | ciphertext`, and the
 * header up to the IV is authenticated as GCM's additional data, so no byte can change unseen.
 */
export const eciesCipher: PayloadCipher = {
    encrypt(plaintext: Uint8Array, recipientPublicKeyPem: string): Uint8Array {
        const recipient = p256PublicKey(recipientPublicKeyPem);
        const ephemeral = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const ephemeralDer = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
        const header = Buffer.concat([
            Buffer.from([VERSION, ephemeralDer.length >> 8, ephemeralDer.length & 0xff]),
            ephemeralDer,
        ]);
        const key = deriveKey(diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient }), ephemeralDer);
        const iv = randomBytes(IV_BYTES);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        cipher.setAAD(Buffer.concat([header, iv]));
        const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
        return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
    },

    decrypt(bytes: Uint8Array, recipientPrivateKeyPem: string): Uint8Array {
        try {
            const data = Buffer.from(bytes);
            if (data[0] !== VERSION) {
                throw new Error(`unknown version ${data[0] ?? 'none'}`);
            }
            const keyLength = data.readUInt16BE(1);
            const headerEnd = 3 + keyLength;
            const ephemeralDer = data.subarray(3, headerEnd);
            const iv = data.subarray(headerEnd, headerEnd + IV_BYTES);
            const tag = data.subarray(headerEnd + IV_BYTES, headerEnd + IV_BYTES + TAG_BYTES);
            const ciphertext = data.subarray(headerEnd + IV_BYTES + TAG_BYTES);
            const ephemeral = createPublicKey({ key: ephemeralDer, format: 'der', type: 'spki' });
            const key = deriveKey(
                diffieHellman({ privateKey: createPrivateKey(recipientPrivateKeyPem), publicKey: ephemeral }),
                ephemeralDer,
            );
            const decipher = createDecipheriv('aes-256-gcm', key, iv);
            decipher.setAAD(data.subarray(0, headerEnd + IV_BYTES));
            decipher.setAuthTag(tag);
            return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
        } catch (error) {
            throw new SpindleError('DECRYPTION_FAILED', 'the payload does not decrypt with this key', undefined, {
                cause: error,
            });
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

function deriveKey(sharedSecret: Buffer, salt: Buffer): Buffer {
    return Buffer.from(hkdfSync('sha256', sharedSecret, salt, INFO, 32));
}
