/**
 * What every part of the network tool stands on: its errors, the topology and manifest it loads
 * (config, mill hosts, joined mills), the run folder's paths, the context with its process table,
 * running a command, and the reports a command prints.
 */
export {
    type Consortium,
    loadConsortium,
    loadNetworkConfig,
    type MillConfig,
    type NetworkConfig,
    portOffsetFromEnv,
} from './config';
export { loadContext, type NetworkContext } from './context';
export { eachLimited } from './each-limited';
export { NetworkError, type NetworkErrorCode } from './errors';
export { runCommand } from './exec';
export { debugRequested, failureCode, failureLines } from './failure-report';
export { forgetJoinedMill, readJoinedMills, recordJoinedMill } from './joined-mills';
export {
    endpoint,
    layoutFromEnv,
    type LayoutKind,
    MILL_INTERFACE,
    type MillHost,
    namespaceName,
    netnsBridge,
    type NetnsBridge,
    netnsMillHost,
    netnsSlot,
    runFolderName,
    TEST_DOMAIN,
} from './mill-host';
export { type IdentityPaths, machinePaths, type NetworkPaths, resolvePaths, type TlsPaths } from './paths';
export { type ProcessRecord, type ProcessSpec, ProcessTable, sleep } from './process-table';
export { Progress } from './progress';
