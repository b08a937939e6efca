import { type KeyObject, createHash, sign } from 'node:crypto';

/** The order of the P-256 group. */
export const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const HALF_ORDER = P256_ORDER >> 1n;
const SCALAR_BYTES = 32;

/**
 * Signs `message` as Fabric verifies every creator and endorser signature: ECDSA P-256 over
 * SHA-256, DER, with `s` in the lower half of the group order (Fabric refuses a high `s`).
 */
export function signLowS(key: KeyObject, message: Uint8Array): Uint8Array {
    const p1363 = sign('sha256', message, { key, dsaEncoding: 'ieee-p1363' });
    const r = p1363.subarray(0, SCALAR_BYTES);
    let s = toBigInt(p1363.subarray(SCALAR_BYTES));
    if (s > HALF_ORDER) {
        s = P256_ORDER - s;
    }
    return derSignature(r, Buffer.from(s.toString(16).padStart(SCALAR_BYTES * 2, '0'), 'hex'));
}

/** The `s` of a DER ECDSA signature, for checking that it is low. */
export function signatureS(der: Uint8Array): bigint {
    const bytes = Buffer.from(der);
    const rLength = bytes[3] ?? 0;
    const sStart = 4 + rLength + 2;
    const sLength = bytes[4 + rLength + 1] ?? 0;
    return toBigInt(bytes.subarray(sStart, sStart + sLength));
}

/** Whether a DER signature's `s` is in the lower half of the group order. */
export function isLowS(der: Uint8Array): boolean {
    return signatureS(der) <= HALF_ORDER;
}

/** SHA-256 of the concatenated parts. */
export function sha256(...parts: Uint8Array[]): Buffer {
    const hash = createHash('sha256');
    for (const part of parts) {
        hash.update(part);
    }
    return hash.digest();
}

function toBigInt(bytes: Uint8Array): bigint {
    return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
}

function derSignature(r: Uint8Array, s: Uint8Array): Uint8Array {
    const body = Buffer.concat([derInteger(r), derInteger(s)]);
    return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function derInteger(unsigned: Uint8Array): Buffer {
    let start = 0;
    while (start < unsigned.length - 1 && unsigned[start] === 0) {
        start++;
    }
    const trimmed = Buffer.from(unsigned.subarray(start));
    const positive = (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed;
    return Buffer.concat([Buffer.from([0x02, positive.length]), positive]);
}
