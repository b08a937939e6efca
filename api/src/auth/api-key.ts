import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The prefix of every key `newApiKey` makes, so a leaked key is recognisable in a scan. */
export const API_KEY_PREFIX = 'spk_';

/** A new API key: the prefix and 32 random bytes, base64url. Shown once; only its hash is kept. */
export function newApiKey(): string {
    return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The SHA-256 of a key, hex: what the configuration file holds instead of the key. */
export function hashApiKey(key: string): string {
    return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * The key a request presents: `Authorization: Bearer <key>`, or `X-API-Key: <key>`; undefined
 * when it presents none.
 */
export function apiKeyOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
    const authorization = headers.authorization;
    if (typeof authorization === 'string') {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
        if (match?.[1] !== undefined) {
            return match[1];
        }
    }
    const header = headers['x-api-key'];
    return typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
}

/**
 * Finds the entry whose key hash matches a presented key, comparing every entry's hash in
 * constant time, so neither the time nor the order tells which entries come close.
 */
export function findByKey<T extends { keySha256?: string }>(entries: readonly T[], key: string): T | undefined {
    const presented = Buffer.from(hashApiKey(key), 'hex');
    let found: T | undefined;
    for (const entry of entries) {
        const stored = Buffer.from(entry.keySha256 ?? '', 'hex');
        if (stored.length === presented.length && timingSafeEqual(stored, presented)) {
            found = entry;
        }
    }
    return found;
}
