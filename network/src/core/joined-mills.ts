import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import { NetworkError } from './errors';
import type { NetworkPaths } from './paths';

const joinedSchema = z.array(z.string().regex(/^[A-Z][A-Za-z0-9]{0,30}$/));

function joinedFile(paths: NetworkPaths): string {
    return join(paths.channelDir, 'joined-mills.json');
}

/**
 * The mills that joined the running channel after its genesis block (`network mill join`), as
 * this run folder recorded them; none for a fresh network.
 *
 * @throws NetworkError CONFIG_INVALID when the record is not a list of mill names.
 */
export function readJoinedMills(paths: NetworkPaths): string[] {
    const file = joinedFile(paths);
    if (!existsSync(file)) {
        return [];
    }
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new NetworkError('CONFIG_INVALID', `${file}: ${(error as Error).message}`);
    }
    const parsed = joinedSchema.safeParse(raw);
    if (!parsed.success) {
        throw new NetworkError('CONFIG_INVALID', `${file} is not a list of mill names`);
    }
    return parsed.data;
}

/** Records that a mill joined the channel, so every later command counts it as a member. */
export function recordJoinedMill(paths: NetworkPaths, millName: string): void {
    const joined = readJoinedMills(paths);
    if (joined.includes(millName)) {
        return;
    }
    mkdirSync(paths.channelDir, { recursive: true });
    writeFileSync(joinedFile(paths), JSON.stringify([...joined, millName], null, 2));
}

/** Records that a mill that joined later left the channel again. */
export function forgetJoinedMill(paths: NetworkPaths, millName: string): void {
    const joined = readJoinedMills(paths);
    if (joined.includes(millName)) {
        writeFileSync(
            joinedFile(paths),
            JSON.stringify(
                joined.filter((name) => name !== millName),
                null,
                2,
            ),
        );
    }
}
