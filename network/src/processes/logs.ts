import { closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';

/** The log files of the run folder: one per process (`milla-peer.log`) and one per step. */
export function listLogs(ctx: NetworkContext): string[] {
    if (!existsSync(ctx.paths.logsDir)) {
        return [];
    }
    return readdirSync(ctx.paths.logsDir)
        .filter((file) => file.endsWith('.log'))
        .sort()
        .map((file) => join(ctx.paths.logsDir, file));
}

/**
 * The file of the log `name`, a process (`milla-peer`, `millb-chaincode`) or a step.
 *
 * @throws NetworkError CONFIG_INVALID when the run folder has no such log.
 */
export function logFileOf(ctx: NetworkContext, name: string): string {
    const file = ctx.stepLog(name);
    if (!existsSync(file)) {
        throw new NetworkError('CONFIG_INVALID', `no log named ${name}; "npm run network -- logs" lists them`);
    }
    return file;
}

/**
 * The last `lines` lines of a log (none for 0) and the byte offset its end had, from which
 * {@link followLog} goes on.
 */
export function tailLog(file: string, lines: number): { text: string; end: number } {
    const content = readFileSync(file);
    const all = content.toString('utf8').trimEnd().split('\n');
    return { text: lines > 0 ? all.slice(-lines).join('\n') : '', end: content.length };
}

/**
 * Hands `write` whatever is appended to a log from byte `from` on, checking every
 * `intervalMs`; a log that shrank (wiped, restarted) is read again from its start.
 * Returns the function that stops following.
 */
export function followLog(file: string, from: number, write: (chunk: Buffer) => void, intervalMs = 250): () => void {
    let offset = from;
    const timer = setInterval(() => {
        const size = existsSync(file) ? statSync(file).size : 0;
        if (size < offset) {
            offset = 0;
        }
        if (size === offset) {
            return;
        }
        const buffer = Buffer.alloc(size - offset);
        const fd = openSync(file, 'r');
        try {
            readSync(fd, buffer, 0, buffer.length, offset);
        } finally {
            closeSync(fd);
        }
        offset = size;
        write(buffer);
    }, intervalMs);
    return () => {
        clearInterval(timer);
    };
}

/**
 * Parses a `--lines` value: a whole number, 0 or more.
 *
 * @throws NetworkError CONFIG_INVALID for anything else.
 */
export function parseLineCount(value: string): number {
    const count = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(count)) {
        throw new NetworkError('CONFIG_INVALID', `--lines takes a whole number, not "${value}"`);
    }
    return count;
}
