import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { runCommand } from '../core/exec';
import { MILL_INTERFACE } from '../core/mill-host';
import { type WanDelay, startWanRelay, wanProcessName } from './wan-relay';

export type { WanDelay } from './wan-relay';

/** The default WAN: 20 ms each way, 4 ms jitter, 0.1 % loss, like mills a few hundred km apart. */
export const DEFAULT_WAN: WanDelay = { delayMs: 20, jitterMs: 4, lossPercent: 0.1 };

/** What SPINDLE_WAN asks for: a WAN that must be made, none, or the default where the kernel can. */
export type WanRequest = { kind: 'required'; wan: WanDelay } | { kind: 'off' } | { kind: 'auto'; wan: WanDelay };

/** The WAN the layout has now, as `up` recorded it (`run/netns/wan.json`), for reports. */
export interface WanState {
    applied: boolean;
    /** `netem` in the kernel, or `nfqueue`: the kernel queues, network/wan-delay holds (kernels without netem). */
    mechanism?: 'netem' | 'nfqueue';
    wan?: WanDelay;
    reason?: string;
}

/**
 * The WAN of SPINDLE_WAN: `auto` (the default) is {@link DEFAULT_WAN} where the kernel has
 * netem and none where it has not; `off` is none; `20ms/4ms/0.1%` must be made.
 *
 * @throws NetworkError CONFIG_INVALID for another spelling.
 */
export function wanFromEnv(value: string | undefined = process.env.SPINDLE_WAN): WanRequest {
    if (value === undefined || value === '' || value === 'auto') {
        return { kind: 'auto', wan: DEFAULT_WAN };
    }
    if (value === 'off') {
        return { kind: 'off' };
    }
    const match = /^(\d{1,4})ms\/(\d{1,4})ms\/(\d{1,2}(?:\.\d{1,3})?)%$/.exec(value);
    if (!match) {
        throw new NetworkError('CONFIG_INVALID', `SPINDLE_WAN must look like 20ms/4ms/0.1% or be off, not "${value}"`);
    }
    return {
        kind: 'required',
        wan: { delayMs: Number(match[1]), jitterMs: Number(match[2]), lossPercent: Number(match[3]) },
    };
}

/** The WAN state `up` recorded, or undefined before any netns `up`. */
export function readWanState(runDir: string): WanState | undefined {
    try {
        return JSON.parse(readFileSync(wanStateFile(runDir), 'utf8')) as WanState;
    } catch {
        return undefined;
    }
}

function wanStateFile(runDir: string): string {
    return join(runDir, 'netns', 'wan.json');
}

function recordWanState(runDir: string, state: WanState): WanState {
    mkdirSync(join(runDir, 'netns'), { recursive: true });
    writeFileSync(wanStateFile(runDir), JSON.stringify(state, null, 2));
    return state;
}

/**
 * Delays, jitters and drops the packets each of `mills` sends to the other mills of the topology (never those to its
 * own clients on the bridge's address): an htb root whose default class passes traffic as is,
 * and a class with a netem leaf that u32 filters send the other mills' addresses to. Each way
 * between two mills is delayed once, by the sender.
 *
 * Where the kernel has no netem (CONFIG_NET_SCH_NETEM), the same delay is made in user space
 * (see {@link startWanRelay}); where that fails too and SPINDLE_WAN is `auto`, the mills stay
 * undelayed and a warning says so. The state is recorded for reports either way.
 *
 * @throws NetworkError WAN_UNSUPPORTED when SPINDLE_WAN asked for a delay that cannot be made.
 */
export async function applyWanDelay(ctx: NetworkContext, mills: readonly MillConfig[]): Promise<WanState> {
    const request = wanFromEnv();
    const wan = request.kind === 'off' ? undefined : request.wan;
    const everyMill = [...ctx.config.mills, ...ctx.config.joining];
    for (const mill of mills) {
        await ctx.processes.stop(wanProcessName(mill));
        const namespace = mill.host.namespace;
        if (namespace === undefined) {
            continue;
        }
        const tc = (args: string[]): Promise<string> =>
            runCommand('ip', ['netns', 'exec', namespace, 'tc', ...args], { logFile: ctx.stepLog('netns') });
        await tc(['qdisc', 'del', 'dev', MILL_INTERFACE, 'root']).catch(() => '');
        if (wan === undefined) {
            continue;
        }
        await tc(['qdisc', 'add', 'dev', MILL_INTERFACE, 'root', 'handle', '1:', 'htb', 'default', '10']);
        for (const classId of ['1:10', '1:20']) {
            await tc([
                'class',
                'add',
                'dev',
                MILL_INTERFACE,
                'parent',
                '1:',
                'classid',
                classId,
                'htb',
                'rate',
                '10gbit',
            ]);
        }
        const netem = [
            ...['qdisc', 'add', 'dev', MILL_INTERFACE, 'parent', '1:20', 'handle', '20:', 'netem'],
            ...['delay', `${wan.delayMs}ms`, `${wan.jitterMs}ms`, 'loss', `${wan.lossPercent}%`],
        ];
        const refusal = await tc(netem).then(
            () => undefined,
            (error: unknown) => (error instanceof Error ? error.message : String(error)),
        );
        if (refusal !== undefined) {
            await tc(['qdisc', 'del', 'dev', MILL_INTERFACE, 'root']).catch(() => '');
            return relayInstead(ctx, mills, request.kind, wan, `no tc netem in this kernel (${refusal})`);
        }
        for (const other of everyMill) {
            if (other.name !== mill.name) {
                await tc([
                    ...['filter', 'add', 'dev', MILL_INTERFACE, 'parent', '1:', 'protocol', 'ip', 'prio', '1'],
                    ...['u32', 'match', 'ip', 'dst', `${other.host.address}/32`, 'flowid', '1:20'],
                ]);
            }
        }
    }
    return recordWanState(
        ctx.paths.runDir,
        wan === undefined ? { applied: false, reason: 'SPINDLE_WAN=off' } : { applied: true, mechanism: 'netem', wan },
    );
}

/** The WAN in user space for `mills`, or, under `auto`, none with a warning when that fails too. */
async function relayInstead(
    ctx: NetworkContext,
    mills: readonly MillConfig[],
    kind: WanRequest['kind'],
    wan: WanDelay,
    noNetem: string,
): Promise<WanState> {
    const everyMill = [...ctx.config.mills, ...ctx.config.joining];
    try {
        for (const mill of mills) {
            await startWanRelay(
                ctx,
                mill,
                everyMill.filter((other) => other.name !== mill.name),
                wan,
            );
        }
        return recordWanState(ctx.paths.runDir, { applied: true, mechanism: 'nfqueue', wan, reason: noNetem });
    } catch (error) {
        const reason = `${noNetem}; ${error instanceof Error ? error.message : String(error)}`;
        if (kind === 'required') {
            throw new NetworkError('WAN_UNSUPPORTED', reason, ctx.stepLog('netns'));
        }
        process.stderr.write(`warning: ${reason}; the mills run without WAN delay\n`);
        return recordWanState(ctx.paths.runDir, { applied: false, reason });
    }
}
