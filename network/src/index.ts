/** The network tool as a library, for tests and the Spindle CLI. */
export { loadContext, type NetworkContext } from './context';
export { up } from './up';
export { down, type DownOutcome } from './down';
export { status, type NetworkStatus, type ComponentStatus } from './status';
export { collectionsConfig, retainedCollection, type CollectionDefinition } from './collections';
export { eachLimited } from './each-limited';
export {
    gatewayProfileFile,
    peerTlsServerName,
    readGatewayProfile,
    type GatewayProfile,
    type IdentityFiles,
} from './gateway-profile';
export {
    connectionProfile,
    connectionProfileFile,
    profileOrdererName,
    profilePeerName,
    type ConnectionProfile,
    type ProfileNode,
    type ProfilePeerRoles,
} from './connection-profile';
export { parseSubjectAltNames, subjectAltNamesOf, tlsServerName, type SubjectAltNames } from './tls-server-name';
export { NetworkError, type NetworkErrorCode } from './errors';
export { debugRequested, failureCode, failureLines } from './failure-report';
export { resolvePaths, type NetworkPaths } from './paths';
export {
    loadNetworkConfig,
    loadConsortium,
    portOffsetFromEnv,
    type Consortium,
    type NetworkConfig,
    type MillConfig,
} from './config';
export {
    prepareRelease,
    committedDefinition,
    packageId,
    type ChaincodeRelease,
    type CommittedDefinition,
    type ReleaseOptions,
} from './chaincode';
export { deployChaincode, type DeployOutcome } from './deploy';
export { upgrade } from './upgrade';
export { packagedConsortium, type PackagedConsortium } from './packaged-consortium';
export { majorityOfPeers, toPolicyText, type PolicyPrincipal, type SignaturePolicyTree } from './endorsement-policy';
export { decodeValidationParameter, describePolicy, type CommittedPolicy } from './committed-policy';
export { ProcessTable, type ProcessRecord, type ProcessSpec } from './processes';
export { assertPortsFree, isPortFree } from './ports';
export {
    writeSamplesDeployment,
    parseMillMappingOption,
    mapMills,
    findTestNetwork,
    type SamplesOutcome,
    type MillMapping,
    type FoundNetwork,
} from './samples';
export { enrollIdentity, ROLE_ATTRIBUTE, MACHINE_ATTRIBUTE, type EnrolledIdentity } from './identities';
export type { Registration } from './ca';
export { nodeNames, startOrderer, startPeer, ordererChannelInfo, peerChannelHeight } from './nodes';
export { isRaftLeader, waitFor } from './health';
export { fetchOrdererBlock } from './orderer-blocks';
export { startChaincodeServer } from './chaincode';
export { Progress } from './progress';
export { PEER_HARDENING } from './peer-hardening';
export { sampleConfigDir, writePeerConfig } from './node-config';
export {
    SUPPORTED_NODE_MAJOR,
    nodeVersionWarning,
    warnIfNodeUnsupported,
    projectNode,
    pathWithProjectNode,
} from './node-runtime';
export { listLogs, logFileOf, tailLog, followLog, parseLineCount } from './logs';
export { prepareJoiningMill, readJoinRequest, joinRequestFile, type JoinRequest } from './mill-request';
export {
    proposeMillJoin,
    proposeMillRemoval,
    signUpdate,
    submitUpdate,
    updateSigners,
    withMillAdded,
    withMillRemoved,
    fetchBlock,
} from './channel-update';
export { leaveMill } from './mill-leave';
export { joinMill, type JoinOutcome } from './mill-join';
export { readJoinedMills, recordJoinedMill, forgetJoinedMill } from './joined-mills';
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
