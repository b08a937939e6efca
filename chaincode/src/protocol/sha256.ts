import { createHash } from 'node:crypto';

/** The lower-case hex SHA-256 digest of `data` (a string is hashed as UTF-8). */
export function sha256Hex(data: Uint8Array | string): string {
    return createHash('sha256').update(data).digest('hex');
}
