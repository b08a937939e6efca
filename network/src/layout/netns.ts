import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { runCommand } from '../core/exec';
import { MILL_INTERFACE, namespaceName, netnsBridge, netnsSlot } from '../core/mill-host';
import { hostsFileText, removeNamespaceHosts, writeNamespaceHosts } from './netns-hosts';
import { applyWanDelay } from './wan-delay';

/**
 * Lays out the mills' hosts (every mill's, or only those given: one mill bringing up its part): a bridge with the root namespace's address on it, and for each mill
 * (members and mills yet to join) a namespace, a veth pair from the bridge into it, its address,
 * loopback up (its chaincode server talks to its peer there), its hosts file and the WAN delay
 * towards the other mills. Every step checks first, so a second run, or a run after a crash
 * that left half of it behind, ends in the same layout.
 *
 * @throws NetworkError STEP_FAILED naming the netns log when `ip` refuses a step.
 */
export async function ensureNetns(
    ctx: NetworkContext,
    mills: readonly MillConfig[] = [...ctx.config.mills, ...ctx.config.joining],
): Promise<void> {
    const bridge = netnsBridge(ctx.config.portOffset);
    const ip = (args: string[]): Promise<string> => runCommand('ip', args, { logFile: ctx.stepLog('netns') });
    if (!(await linkExists(bridge.name))) {
        await ip(['link', 'add', bridge.name, 'type', 'bridge']);
    }
    await ip(['addr', 'replace', `${bridge.address}/${bridge.prefixLength}`, 'dev', bridge.name]);
    await ip(['link', 'set', bridge.name, 'up']);
    const hosts = hostsFileText(ctx.config);
    for (const mill of mills) {
        const namespace = namespaceName(ctx.config.portOffset, mill.key);
        if (!existsSync(`/run/netns/${namespace}`)) {
            await ip(['netns', 'add', namespace]);
        }
        const inside = (args: string[]): Promise<string> => ip(['-n', namespace, ...args]);
        if (!(await linkExists(MILL_INTERFACE, namespace))) {
            // A host-side end left by a crash without its namespace end goes first.
            if (await linkExists(namespace)) {
                await ip(['link', 'del', namespace]);
            }
            await ip(['link', 'add', namespace, 'type', 'veth', 'peer', 'name', MILL_INTERFACE, 'netns', namespace]);
        }
        await ip(['link', 'set', namespace, 'master', bridge.name, 'up']);
        await inside(['addr', 'replace', `${mill.host.address}/${bridge.prefixLength}`, 'dev', MILL_INTERFACE]);
        await inside(['link', 'set', MILL_INTERFACE, 'up']);
        await inside(['link', 'set', 'lo', 'up']);
        writeNamespaceHosts(namespace, hosts);
    }
    await applyWanDelay(ctx, mills);
}

/**
 * Removes every namespace, veth and the bridge of this network's layout by name, whether or not
 * they exist, whatever state a failed run left them in; then their hosts files. Only the names
 * this network's port offset gives the topology's mills are touched.
 */
export async function removeNetns(ctx: NetworkContext): Promise<string[]> {
    if (!hasNetnsSlot(ctx.config.portOffset)) {
        return [];
    }
    const bridge = netnsBridge(ctx.config.portOffset);
    const removed: string[] = [];
    const ip = (args: string[]): Promise<string> => runCommand('ip', args, { logFile: ctx.stepLog('netns') });
    for (const mill of [...ctx.config.mills, ...ctx.config.joining]) {
        const namespace = namespaceName(ctx.config.portOffset, mill.key);
        if (existsSync(`/run/netns/${namespace}`)) {
            // Deleting the namespace deletes its veth end, and with it the pair.
            await ip(['netns', 'del', namespace]);
            removed.push(namespace);
        }
        // The pair goes with the namespace, a moment later: a host-side end may vanish meanwhile.
        if (await linkExists(namespace)) {
            await ip(['link', 'del', namespace]).catch(async (error: unknown) => {
                if (await linkExists(namespace)) {
                    throw error;
                }
                return '';
            });
        }
        removeNamespaceHosts(namespace);
    }
    if (await linkExists(bridge.name)) {
        await ip(['link', 'del', bridge.name]);
        removed.push(bridge.name);
    }
    return removed;
}

function hasNetnsSlot(portOffset: number): boolean {
    try {
        netnsSlot(portOffset);
        return true;
    } catch {
        return false;
    }
}

function linkExists(name: string, namespace?: string): Promise<boolean> {
    const args = [...(namespace === undefined ? [] : ['-n', namespace]), 'link', 'show', 'dev', name];
    return new Promise((resolve) => {
        execFile('ip', args, (error) => {
            resolve(error === null);
        });
    });
}
