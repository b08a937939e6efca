/**
 * Who acts: the file-system wallet, the local network's identities and the run folder they live in,
 * the identity directory over both, the manifest's machines, their provisioning (registered and
 * active) and the renewal of their certificates.
 */
export { FileSystemWallet, asWalletIdentity, type EnrolledCredentials, type X509Identity } from './wallet';
export { defaultRunDir } from './run-dir';
export {
    localIdentity,
    localIdentityLabels,
    openLocalSession,
    readProfiles,
    type LocalIdentity,
} from './local-network-identities';
export { IdentityDirectory, type DirectoryIdentity } from './identity-directory';
export {
    isProcessStep,
    machineTypeHelp,
    manifestMachines,
    parseMachineType,
    type ManifestMachine,
} from './machine-descriptions';
export { ensureMachineActive, type MachineDescription } from './machine-provisioning';
export { certificateRenewalRequest, renewMachineCertificate, type RenewalAuthority } from './certificate-renewal';
