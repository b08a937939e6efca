import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { hostsFileText } from './netns-hosts';

/** Set in the environment of a process that sees the mills' host names. */
const VIEW_VARIABLE = 'SPINDLE_HOSTS_VIEW';

/**
 * The shell step of {@link runInHostsView}. /run/netns is made a shared mount first (as `ip netns
 * add` does), so namespaces added or deleted inside the view are the machine's; / becomes a
 * slave, so the bind mount over /etc/hosts stays inside the view and the machine's file is never
 * touched.
 */
const VIEW_SCRIPT = [
    'set -e',
    'hosts="$1"; shift',
    'mount --make-slave /',
    'if mountpoint -q /etc/hosts; then mount --make-slave /etc/hosts; fi',
    'mount --bind "$hosts" /etc/hosts',
    'exec "$@"',
].join('\n');

const SHARE_NETNS_SCRIPT = [
    'set -e',
    'mkdir -p /run/netns',
    'mountpoint -q /run/netns || mount --bind /run/netns /run/netns',
    'mount --make-shared /run/netns',
].join('\n');

/** True when this process already sees the mills' host names (it runs inside a hosts view). */
export function inHostsView(): boolean {
    return process.env[VIEW_VARIABLE] === '1';
}

/**
 * Runs a command that reaches the mills by name from the machine's own network namespace
 * (a test run, a bench, the network tool's admin commands): in a private mount namespace whose
 * /etc/hosts is the machine's plus the mills' hosts, so Node's and Go's resolvers both find
 * them while the machine's /etc/hosts stays as it is. Resolves to the command's exit code.
 *
 * @throws NetworkError LAYOUT_UNAVAILABLE when not root or when `unshare` cannot run.
 */
export async function runInHostsView(ctx: NetworkContext, command: string, args: string[]): Promise<number> {
    if (process.getuid?.() !== 0) {
        throw new NetworkError('LAYOUT_UNAVAILABLE', 'the netns layout needs root (network namespaces, mounts)');
    }
    const dir = join(ctx.paths.runDir, 'netns');
    mkdirSync(dir, { recursive: true });
    const hostsFile = join(dir, 'hosts');
    writeFileSync(hostsFile, hostsFileText(ctx.config));
    if ((await exitCodeOf('sh', ['-c', SHARE_NETNS_SCRIPT], 'pipe')) !== 0) {
        throw new NetworkError('LAYOUT_UNAVAILABLE', 'cannot make /run/netns a shared mount');
    }
    return exitCodeOf(
        'unshare',
        [
            '--mount',
            '--propagation',
            'unchanged',
            '--',
            'sh',
            '-c',
            VIEW_SCRIPT,
            'spindle-hosts-view',
            hostsFile,
            command,
            ...args,
        ],
        'inherit',
        { ...process.env, [VIEW_VARIABLE]: '1' },
    );
}

function exitCodeOf(
    command: string,
    args: string[],
    stdio: 'inherit' | 'pipe',
    env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio, env });
        const forward = (signal: NodeJS.Signals): void => {
            child.kill(signal);
        };
        process.on('SIGINT', forward);
        process.on('SIGTERM', forward);
        child.on('error', (error) => {
            reject(new NetworkError('LAYOUT_UNAVAILABLE', `${command}: ${error.message}`));
        });
        child.on('exit', (code, signal) => {
            process.off('SIGINT', forward);
            process.off('SIGTERM', forward);
            resolve(code ?? (signal === null ? 1 : 128 + 15));
        });
    });
}
