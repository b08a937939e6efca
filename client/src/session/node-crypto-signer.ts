import { type KeyObject, createPrivateKey, sign } from 'node:crypto';
import { type Hash, type Signer, hash } from '@hyperledger/fabric-gateway';

import { SpindleError } from '../errors/spindle-error';

/** The order of the P-256 group; Fabric refuses an ECDSA signature whose `s` exceeds half of it. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const P256_HALF_ORDER = P256_ORDER >> 1n;
const SCALAR_BYTES = 32;

/** A gateway signer on Node's crypto and the hash the gateway must be told to use with it. */
export interface NodeCryptoSigning {
    /** Signs the message it is given with ECDSA P-256 and SHA-256; DER, low-S. */
    signer: Signer;
    /**
     * `hash.none`: Node's crypto cannot sign a digest it did not make (`sign(null, digest)` hashes
     * the digest again), so the gateway passes the whole message and the signer hashes it once.
     */
    hash: Hash;
}

/**
 * Signing for `connect()` of @hyperledger/fabric-gateway on Node's crypto (OpenSSL), about
 * fifteen times faster than the gateway's JavaScript signer. Spread both fields into the
 * connect options, `connect({ client, identity, ...newNodeCryptoSigning(key) })`, so the signer
 * and the hash cannot be mismatched. Signatures are ECDSA P-256 over SHA-256, DER encoded, with
 * `s` normalised to the lower half of the group order as Fabric requires.
 *
 * @param privateKey - the identity's P-256 private key, PEM or a KeyObject
 * @throws SpindleError INVALID_ARGUMENT when the key is not a P-256 private key
 */
export function newNodeCryptoSigning(privateKey: string | KeyObject): NodeCryptoSigning {
    const key = typeof privateKey === 'string' ? parsePrivateKey(privateKey) : privateKey;
    if (
        key.type !== 'private' ||
        key.asymmetricKeyType !== 'ec' ||
        key.asymmetricKeyDetails?.namedCurve !== 'prime256v1'
    ) {
        throw new SpindleError('INVALID_ARGUMENT', 'the signing key is not a P-256 private key');
    }
    const signer: Signer = (message) => {
        const p1363 = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
        return Promise.resolve(toLowSDer(p1363));
    };
    return { signer, hash: hash.none };
}

function parsePrivateKey(pem: string): KeyObject {
    try {
        return createPrivateKey(pem);
    } catch (error) {
        throw new SpindleError('INVALID_ARGUMENT', 'the signing key is not a readable private key', undefined, {
            cause: error,
        });
    }
}

/** r‖s (IEEE P1363, 32 bytes each) to DER, with s replaced by n - s when it is in the upper half. */
function toLowSDer(p1363: Buffer): Uint8Array {
    const r = p1363.subarray(0, SCALAR_BYTES);
    let s = BigInt(`0x${p1363.subarray(SCALAR_BYTES).toString('hex')}`);
    if (s > P256_HALF_ORDER) {
        s = P256_ORDER - s;
    }
    const sBytes = Buffer.from(s.toString(16).padStart(SCALAR_BYTES * 2, '0'), 'hex');
    const body = Buffer.concat([derInteger(r), derInteger(sBytes)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** A DER INTEGER of an unsigned big-endian scalar: minimal length, positive. */
function derInteger(unsigned: Buffer): Buffer {
    let start = 0;
    while (start < unsigned.length - 1 && unsigned[start] === 0) {
        start++;
    }
    const trimmed = unsigned.subarray(start);
    const positive = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, positive.length]), positive]);
}
