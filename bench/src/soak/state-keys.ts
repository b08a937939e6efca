import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';

/** Live keys of a peer's state database by kind, e.g. `public nonce-at` or `private inbox (mill-MillAMSP)`. */
export type StateKeyCounts = Record<string, number>;

const SEPARATOR = 0x00;

/**
 * Counts the live keys of one channel's chaincode in a peer's state database (Fabric's
 * stateLeveldb, keys `<channel>\0d<namespace>\0<key>`), by kind: public keys by composite-key
 * object type, the peer's own private values by collection and object type, and the hashes of
 * every collection's keys (which every peer of the channel keeps, member or not). A deleted key is
 * not live, whether or not LevelDB has compacted its tombstone away yet.
 *
 * The peer holds the database's lock, so the folder is copied first; LevelDB opens a copy taken
 * while it writes (a torn log tail is dropped), and a copy that loses a compacted table to a race
 * is copied again.
 */
export async function countStateKeys(stateDir: string, channel: string, chaincode: string): Promise<StateKeyCounts> {
    for (let attempt = 1; ; attempt += 1) {
        const copy = mkdtempSync(join(tmpdir(), 'spindle-soak-state-'));
        try {
            cpSync(stateDir, copy, { recursive: true, filter: (source) => !source.endsWith('LOCK') });
            return await countIn(copy, channel, chaincode);
        } catch (error) {
            if (attempt >= 3) {
                throw error;
            }
        } finally {
            rmSync(copy, { recursive: true, force: true });
        }
    }
}

async function countIn(folder: string, channel: string, chaincode: string): Promise<StateKeyCounts> {
    const db = new ClassicLevel<Buffer, Buffer>(folder, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    const counts: StateKeyCounts = {};
    const prefix = Buffer.from(`${channel}\u0000d${chaincode}`, 'latin1');
    try {
        for await (const key of db.keys({ gte: prefix, lt: Buffer.concat([prefix, Buffer.from([0xff])]) })) {
            const kind = kindOf(key.subarray(prefix.length));
            if (kind !== undefined) {
                counts[kind] = (counts[kind] ?? 0) + 1;
            }
        }
    } finally {
        await db.close();
    }
    return counts;
}

/** The kind of a key after `<channel>\0d<chaincode>`; undefined for another namespace sharing the prefix. */
function kindOf(rest: Buffer): string | undefined {
    const end = rest.indexOf(SEPARATOR);
    if (end < 0) {
        return undefined;
    }
    const suffix = rest.subarray(0, end).toString('latin1');
    const key = rest.subarray(end + 1);
    if (suffix === '') {
        return `public ${objectTypeOf(key)}`;
    }
    const collection = /^\$\$([ph])(.+)$/.exec(suffix);
    if (collection === null) {
        return undefined;
    }
    return collection[1] === 'p'
        ? `private ${objectTypeOf(key)} (${collection[2] ?? ''})`
        : `private key hashes (${collection[2] ?? ''})`;
}

/** A composite key's object type (`\0type\0attr\0...`), or `simple` for a plain key. */
function objectTypeOf(key: Buffer): string {
    if (key[0] !== SEPARATOR) {
        return 'simple';
    }
    const end = key.indexOf(SEPARATOR, 1);
    return key.subarray(1, end < 0 ? key.length : end).toString('utf8') || 'simple';
}
