import { randomBytes } from 'node:crypto';

import { sha256 } from './low-s-signature';

/** Fabric's transaction ID: hex SHA-256 of the signature header's nonce followed by the creator bytes. */
export function transactionIdOf(nonce: Uint8Array, creator: Uint8Array): string {
    return sha256(nonce, creator).toString('hex');
}

/** A fresh 24-byte nonce, as Fabric's SDKs make them. */
export function newNonce(): Uint8Array {
    return randomBytes(24);
}
