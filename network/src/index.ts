/** The network tool as a library, for tests and the Spindle CLI. */
export { loadContext, type NetworkContext } from './core/context';
export { up } from './up';
export { down, type DownOutcome } from './down';
export { status, type NetworkStatus, type ComponentStatus } from './status';
export { collectionsConfig, retainedCollection, type CollectionDefinition } from './chaincode/collections';
export { eachLimited } from './core/each-limited';
export {
    gatewayProfileFile,
    peerTlsServerName,
    readGatewayProfile,
    type GatewayProfile,
    type IdentityFiles,
} from './profiles/gateway-profile';
export {
    connectionProfile,
    connectionProfileFile,
    profileOrdererName,
    profilePeerName,
    type ConnectionProfile,
    type ProfileNode,
    type ProfilePeerRoles,
} from './profiles/connection-profile';
export {
    parseSubjectAltNames,
    subjectAltNamesOf,
    tlsServerName,
    type SubjectAltNames,
} from './profiles/tls-server-name';
export { NetworkError, type NetworkErrorCode } from './core/errors';
export { debugRequested, failureCode, failureLines } from './core/failure-report';
export { resolvePaths, type NetworkPaths } from './core/paths';
export {
    loadNetworkConfig,
    loadConsortium,
    portOffsetFromEnv,
    type Consortium,
    type NetworkConfig,
    type MillConfig,
} from './core/config';
export {
    prepareRelease,
    committedDefinition,
    packageId,
    type ChaincodeRelease,
    type CommittedDefinition,
    type ReleaseOptions,
} from './chaincode/chaincode';
export { deployChaincode, type DeployOutcome } from './chaincode/deploy';
export { upgrade } from './upgrade';
export { packagedConsortium, type PackagedConsortium } from './chaincode/packaged-consortium';
export {
    majorityOfPeers,
    toPolicyText,
    type PolicyPrincipal,
    type SignaturePolicyTree,
} from './chaincode/endorsement-policy';
export { decodeValidationParameter, describePolicy, type CommittedPolicy } from './chaincode/committed-policy';
export { ProcessTable, type ProcessRecord, type ProcessSpec } from './core/process-table';
export { assertPortsFree, isPortFree } from './processes/ports';
export {
    writeSamplesDeployment,
    parseMillMappingOption,
    mapMills,
    findTestNetwork,
    type SamplesOutcome,
    type MillMapping,
    type FoundNetwork,
} from './samples';
export { enrollIdentity, ROLE_ATTRIBUTE, MACHINE_ATTRIBUTE, type EnrolledIdentity } from './identities/identities';
export type { Registration } from './identities/ca';
export { nodeNames, startOrderer, startPeer, ordererChannelInfo, peerChannelHeight } from './processes/nodes';
export { isRaftLeader, waitFor } from './processes/health';
export { fetchOrdererBlock } from './channel/orderer-blocks';
export { startChaincodeServer } from './chaincode/chaincode';
export { Progress } from './core/progress';
export { PEER_HARDENING } from './processes/peer-hardening';
export { sampleConfigDir, writePeerConfig } from './processes/node-config';
export {
    SUPPORTED_NODE_MAJOR,
    nodeVersionWarning,
    warnIfNodeUnsupported,
    projectNode,
    pathWithProjectNode,
} from './processes/node-runtime';
export { listLogs, logFileOf, tailLog, followLog, parseLineCount } from './processes/logs';
export { prepareJoiningMill, readJoinRequest, joinRequestFile, type JoinRequest } from './mills/mill-request';
export {
    proposeMillJoin,
    proposeMillRemoval,
    signUpdate,
    submitUpdate,
    updateSigners,
    withMillAdded,
    withMillRemoved,
    fetchBlock,
} from './mills/channel-update';
export { leaveMill } from './mills/mill-leave';
export { joinMill, type JoinOutcome } from './mills/mill-join';
export { readJoinedMills, recordJoinedMill, forgetJoinedMill } from './core/joined-mills';
export {
    type LayoutKind,
    type MillHost,
    type WanDelay,
    type WanState,
    endpoint,
    hostsFileText,
    inHostsView,
    layoutFromEnv,
    netnsBridge,
    readWanState,
    runInHostsView,
    wanFromEnv,
} from './layout';
