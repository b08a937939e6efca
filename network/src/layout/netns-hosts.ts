import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MillConfig, NetworkConfig } from '../core/config';

/** Where `ip netns exec` finds a namespace's own files: it bind-mounts them over /etc's. */
export const NETNS_ETC = '/etc/netns';

/** The lines that name every mill's host, for a hosts file. */
export function millHostLines(mills: readonly MillConfig[]): string[] {
    return mills
        .filter((mill) => mill.host.namespace !== undefined)
        .map((mill) => `${mill.host.address}\t${mill.host.name}`);
}

/**
 * A hosts file: the machine's own /etc/hosts with every mill's host name added, the way a
 * mill's DNS (or the hosts file its IT team keeps) would answer.
 */
export function hostsFileText(config: NetworkConfig): string {
    const system = readFileSync('/etc/hosts', 'utf8').trimEnd();
    const mills = millHostLines([...config.mills, ...config.joining]);
    return `${system}\n# Spindle test hosts (SPINDLE_LAYOUT=netns)\n${mills.join('\n')}\n`;
}

/** Writes the hosts file of one mill's namespace, which `ip netns exec` shows its processes as /etc/hosts. */
export function writeNamespaceHosts(namespace: string, text: string): void {
    const dir = join(NETNS_ETC, namespace);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hosts'), text);
}

/** Removes a namespace's /etc/netns folder. */
export function removeNamespaceHosts(namespace: string): void {
    rmSync(join(NETNS_ETC, namespace), { recursive: true, force: true });
}
