import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';

/** The WAN a mill's packets to the other mills cross. */
export interface WanDelay {
    delayMs: number;
    jitterMs: number;
    lossPercent: number;
}

/** The queue the packets to other mills wait in, in each mill's namespace (queues are per namespace). */
const QUEUE = '0';

/** The process name of a mill's WAN emulator. */
export function wanProcessName(mill: MillConfig): string {
    return `${mill.key}-wan`;
}

/**
 * The WAN without netem, for kernels built without it: iptables queues the packets a mill sends
 * to the other mills (NFQUEUE, with `--queue-bypass` so they pass undelayed if nobody listens)
 * to `network/wan-delay`, a small Go program started in the mill's namespace, which holds each
 * for the delay and its jitter and drops the lost share. Built once into the cache with `go build`.
 *
 * @throws NetworkError WAN_UNSUPPORTED when iptables or the kernel's NFQUEUE target is missing.
 */
export async function startWanRelay(
    ctx: NetworkContext,
    mill: MillConfig,
    others: readonly MillConfig[],
    wan: WanDelay,
): Promise<void> {
    const namespace = mill.host.namespace;
    if (namespace === undefined) {
        return;
    }
    const iptables = await iptablesCommand();
    const log = ctx.stepLog('netns');
    const inside = (command: string, args: string[]): Promise<string> =>
        runCommand('ip', ['netns', 'exec', namespace, command, ...args], { logFile: log });
    await inside(iptables, ['-w', '-F', 'OUTPUT']);
    for (const other of others) {
        await inside(iptables, [
            ...['-w', '-A', 'OUTPUT', '-d', `${other.host.address}/32`],
            ...['-j', 'NFQUEUE', '--queue-num', QUEUE, '--queue-bypass'],
        ]).catch((error: unknown) => {
            throw new NetworkError(
                'WAN_UNSUPPORTED',
                `this kernel cannot queue packets to a program either (${error instanceof Error ? error.message : String(error)})`,
                log,
            );
        });
    }
    const name = wanProcessName(mill);
    await ctx.processes.stop(name);
    ctx.processes.start({
        name,
        command: await wanDelayBinary(ctx),
        args: [
            ...['-queue', QUEUE, '-delay', `${wan.delayMs}ms`],
            ...['-jitter', `${wan.jitterMs}ms`, '-loss', String(wan.lossPercent)],
        ],
        namespace,
    });
}

/** Builds network/wan-delay into the cache unless its binary is newer than its source. */
async function wanDelayBinary(ctx: NetworkContext): Promise<string> {
    const source = join(ctx.paths.repoRoot, 'network', 'wan-delay');
    const binary = join(process.env.SPINDLE_CACHE ?? join(homedir(), '.cache', 'spindle'), 'wan-delay', 'wan-delay');
    const newest = Math.max(...['main.go', 'go.mod', 'go.sum'].map((file) => statSync(join(source, file)).mtimeMs));
    if (!existsSync(binary) || statSync(binary).mtimeMs < newest) {
        await runCommand('go', ['build', '-o', binary, '.'], {
            cwd: source,
            logFile: ctx.stepLog('wan-delay-build'),
            timeoutMs: 600_000,
        });
    }
    return binary;
}

/** iptables on the legacy backend where it is installed (this kernel has xtables but no nft queue). */
async function iptablesCommand(): Promise<string> {
    for (const candidate of ['iptables-legacy', 'iptables']) {
        if (await succeeds(candidate, ['--version'])) {
            return candidate;
        }
    }
    throw new NetworkError(
        'WAN_UNSUPPORTED',
        'no netem and no iptables to queue packets with (apt-get install iptables)',
    );
}

function succeeds(command: string, args: string[]): Promise<boolean> {
    return new Promise((resolve) => {
        execFile(command, args, (error) => {
            resolve(error === null);
        });
    });
}
