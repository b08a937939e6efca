/**
 * The part of the network tool a Spindle client needs at start-up: reading gateway profiles and
 * the network's configuration, enrolling at a mill's CA, and reporting failures. It leaves out
 * what only the tool itself runs (the protobuf codecs of channel blocks and policies, the process
 * table's starters), so that a `spindle` command does not pay for loading them on every call.
 * Import it as `@spindle/network/client-support`; `@spindle/network` is the whole tool.
 */
export { loadContext, type NetworkContext } from './core/context';
export { readGatewayProfile, type GatewayProfile, type IdentityFiles } from './profiles/gateway-profile';
export { NetworkError, type NetworkErrorCode } from './core/errors';
export { debugRequested, failureCode, failureLines } from './core/failure-report';
export { projectNode, warnIfNodeUnsupported } from './processes/node-runtime';
export { enrollIdentity, ROLE_ATTRIBUTE, MACHINE_ATTRIBUTE, type EnrolledIdentity } from './identities/identities';
export type { MillConfig } from './core/config';
export { enrollAtProfileCa, type ProfileEnrollment, type Registrar, type SpindleRole } from './profiles/profile-ca';
export { layoutFromEnv, runFolderName } from './core/mill-host';
