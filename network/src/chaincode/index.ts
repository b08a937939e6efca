/**
 * The Spindle chaincode on the channel: its release and package, collections, endorsement
 * policies, deployment and the chaincode servers.
 */
export {
    type ChaincodeRelease,
    type CommittedDefinition,
    committedDefinition,
    packageId,
    pingChaincode,
    prepareRelease,
    type ReleaseOptions,
    stageStandaloneChaincode,
    startChaincodeServer,
} from './chaincode';
export { type CollectionDefinition, collectionsConfig, retainedCollection } from './collections';
export { type CommittedPolicy, decodeValidationParameter, describePolicy } from './committed-policy';
export { deployChaincode, type DeployOutcome } from './deploy';
export { majorityOfPeers, type PolicyPrincipal, type SignaturePolicyTree, toPolicyText } from './endorsement-policy';
export { packagedConsortium, type PackagedConsortium } from './packaged-consortium';
