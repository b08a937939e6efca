export {
    type LayoutKind,
    type MillHost,
    type NetnsBridge,
    TEST_DOMAIN,
    endpoint,
    layoutFromEnv,
    namespaceName,
    netnsBridge,
    netnsMillHost,
} from '../core/mill-host';
export { ensureNetns, removeNetns } from './netns';
export { hostsFileText } from './netns-hosts';
export { inHostsView, runInHostsView } from './hosts-view';
export { DEFAULT_WAN, type WanDelay, type WanState, readWanState, wanFromEnv } from './wan-delay';
