/**
 * The part of the network tool a Spindle client needs at start-up: reading gateway profiles and
 * the network's configuration, enrolling at a mill's CA, and reporting failures. It leaves out
 * what only the tool itself runs (the protobuf codecs of channel blocks and policies, the process
 * table's starters), so that a `spindle` command does not pay for loading them on every call.
 * Import it as `@spindle/network/client-support`; `@spindle/network` is the whole tool.
 */
export { loadContext, type NetworkContext } from './context';
export { readGatewayProfile, type GatewayProfile, type IdentityFiles } from './gateway-profile';
export { NetworkError, type NetworkErrorCode } from './errors';
export { debugRequested, failureCode, failureLines } from './failure-report';
export { projectNode, warnIfNodeUnsupported } from './node-runtime';
export { enrollIdentity, ROLE_ATTRIBUTE, MACHINE_ATTRIBUTE, type EnrolledIdentity } from './identities';
export type { MillConfig } from './config';
export { enrollAtProfileCa, type ProfileEnrollment, type Registrar, type SpindleRole } from './profile-ca';
export { layoutFromEnv, runFolderName } from './layout/mill-host';
