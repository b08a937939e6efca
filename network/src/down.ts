import { rmSync } from 'node:fs';

import type { NetworkContext } from './core/context';
import { removeNetns } from './layout';
import { isPortFree } from './processes/ports';

/** What `down` stopped and whether the network's ports are free again. */
export interface DownOutcome {
    stopped: string[];
    /** The namespaces and bridge of the netns layout it removed. */
    removedHosts: string[];
    wiped: boolean;
    portsStillTaken: number[];
}

/** The order processes stop in: clients of a service before the service. */
const STOP_ORDER = ['chaincode', 'peer', 'orderer', 'ca'];

/**
 * Stops every process the tool recorded a PID for (and nothing else), chaincode servers
 * first and CAs last; in the netns layout, then removes the mills' namespaces, veths and bridge
 * by name, whatever a crashed run left of them; with `wipe`,
 * removes the run folder: crypto material, ledgers, logs.
 */
export async function down(ctx: NetworkContext, options: { wipe: boolean }): Promise<DownOutcome> {
    const rank = (name: string): number => {
        const index = STOP_ORDER.findIndex((kind) => name.endsWith(`-${kind}`));
        return index === -1 ? STOP_ORDER.length : index;
    };
    const records = ctx.processes.list().sort((a, b) => rank(a.name) - rank(b.name));
    const stopped: string[] = [];
    for (const record of records) {
        if (await ctx.processes.stop(record.name)) {
            stopped.push(record.name);
        }
    }
    const removedHosts = ctx.config.layout === 'netns' ? await removeNetns(ctx) : [];
    if (options.wipe) {
        rmSync(ctx.paths.runDir, { recursive: true, force: true });
    }
    const ports = [...ctx.config.mills, ...ctx.config.joining].flatMap((mill) => Object.values(mill.ports));
    const portsStillTaken: number[] = [];
    for (const port of ctx.config.layout === 'netns' ? [] : ports) {
        if (!(await isPortFree(port))) {
            portsStillTaken.push(port);
        }
    }
    return { stopped, removedHosts, wiped: options.wipe, portsStillTaken };
}
