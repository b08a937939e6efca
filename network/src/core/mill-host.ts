import { NetworkError } from './errors';

/**
 * How the mills are laid out on this machine: `loopback`, every process on 127.0.0.1 (the
 * default); `netns`, each mill on a host of its own, a Linux network namespace with its own
 * address and host name, joined to the others by a bridge.
 */
export type LayoutKind = 'loopback' | 'netns';

/** Where one mill's processes live and how the other mills and its clients reach them. */
export interface MillHost {
    /** The name in every endpoint other mills and clients use: `127.0.0.1`, or `milla.spindle.test`. */
    name: string;
    /** The address that name stands for. */
    address: string;
    /** The address the mill's CA, peer and orderer listen on. */
    listen: string;
    /** The network namespace its processes run in; undefined on loopback. */
    namespace?: string;
    /** The names and addresses its TLS server certificates carry as subject alternative names. */
    tlsHosts: string[];
}

/** The interface inside a mill's namespace, the far end of its veth pair. */
export const MILL_INTERFACE = 'wan0';

/** The test hosts' domain: `.test` is reserved (RFC 2606) and never resolves on the internet. */
export const TEST_DOMAIN = 'spindle.test';

/** The first mill's last address byte: the bridge is .1, mills are .11, .12, ... in manifest order. */
const FIRST_MILL_HOST = 11;

/** Linux refuses interface names longer than 15 bytes. */
const MAX_INTERFACE_NAME = 15;

/** The loopback host every mill shares when the layout is `loopback`. */
export const LOOPBACK_HOST: MillHost = {
    name: '127.0.0.1',
    address: '127.0.0.1',
    listen: '127.0.0.1',
    tlsHosts: ['127.0.0.1', 'localhost'],
};

/**
 * The run folder's name under the repository for a layout: `run`, or `run-netns`, so the two
 * layouts of one checkout never share crypto material, ledgers or PID files.
 */
export function runFolderName(layout: LayoutKind): string {
    return layout === 'netns' ? 'run-netns' : 'run';
}

/** The layout of SPINDLE_LAYOUT (`loopback` when unset). @throws NetworkError CONFIG_INVALID */
export function layoutFromEnv(value: string | undefined = process.env.SPINDLE_LAYOUT): LayoutKind {
    if (value === undefined || value === '' || value === 'loopback') {
        return 'loopback';
    }
    if (value === 'netns') {
        return 'netns';
    }
    throw new NetworkError('CONFIG_INVALID', `SPINDLE_LAYOUT must be loopback or netns, not "${value}"`);
}

/**
 * The private test subnet of one network: 10.77.<offset / 1000>.0/24, so networks with
 * different port offsets (CI's 0, a developer's 1000) never share addresses or names.
 *
 * @throws NetworkError CONFIG_INVALID when the offset is not a multiple of 1000 between 0 and 250000.
 */
export function netnsSlot(portOffset: number): number {
    const slot = portOffset / 1000;
    if (!Number.isInteger(slot) || slot < 0 || slot > 250) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `the netns layout needs SPINDLE_PORT_OFFSET to be a multiple of 1000 from 0 to 250000, not ${portOffset}`,
        );
    }
    return slot;
}

/** The bridge every mill's host hangs off, with the address the root namespace has on it. */
export interface NetnsBridge {
    name: string;
    address: string;
    prefixLength: number;
}

/** The bridge of the network with this port offset. */
export function netnsBridge(portOffset: number): NetnsBridge {
    const slot = netnsSlot(portOffset);
    return { name: `spn${slot}-br`, address: `10.77.${slot}.1`, prefixLength: 24 };
}

/**
 * The host of the `index`th mill of the manifest in the netns layout: namespace and host-side
 * veth `spn<slot>-<key>`, address 10.77.<slot>.<11 + index>, name `<key>.spindle.test`.
 *
 * @throws NetworkError CONFIG_INVALID when the names would not fit an interface name.
 */
export function netnsMillHost(portOffset: number, key: string, index: number): MillHost {
    const slot = netnsSlot(portOffset);
    const namespace = namespaceName(portOffset, key);
    if (namespace.length > MAX_INTERFACE_NAME || FIRST_MILL_HOST + index > 254) {
        throw new NetworkError('CONFIG_INVALID', `mill ${key} does not fit the netns layout (name or address)`);
    }
    const address = `10.77.${slot}.${FIRST_MILL_HOST + index}`;
    const name = `${key}.${TEST_DOMAIN}`;
    return { name, address, listen: address, namespace, tlsHosts: [name, address, 'localhost', '127.0.0.1'] };
}

/** The namespace (and host-side veth) of a mill in the netns layout: `spn<slot>-<key>`. */
export function namespaceName(portOffset: number, key: string): string {
    return `spn${netnsSlot(portOffset)}-${key}`;
}

/** `host:port` of a mill's endpoint, as other mills and clients dial it. */
export function endpoint(host: MillHost, port: number): string {
    return `${host.name}:${port}`;
}
