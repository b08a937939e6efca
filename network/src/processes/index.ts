/**
 * The long-running Fabric processes the tool starts and watches: peer and orderer configuration
 * and start-up, services with health checks, ports, logs, and the Node runtime of the servers it spawns.
 */
export { isHealthy, isRaftLeader, waitFor } from './health';
export { followLog, listLogs, logFileOf, parseLineCount, tailLog } from './logs';
export { adminEnvironment, sampleConfigDir, writeOrdererConfig, writePeerConfig } from './node-config';
export {
    nodeVersionWarning,
    pathWithProjectNode,
    projectNode,
    SUPPORTED_NODE_MAJOR,
    warnIfNodeUnsupported,
} from './node-runtime';
export {
    joinOrderer,
    joinPeer,
    nodeNames,
    ordererChannelInfo,
    peerChannelHeight,
    startOrderer,
    startPeer,
    waitForConsenter,
    waitForPeerJoined,
} from './nodes';
export { PEER_HARDENING } from './peer-hardening';
export { assertPortsFree, isPortFree } from './ports';
export { ensureService } from './service';
