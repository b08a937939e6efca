/** Rules of the Machine-Equipment Blockchain: registration, status, replacement, key rotation, certificate renewal. */
export { assertStatus, changeMachineStatus } from './change-machine-status';
export type { StatusAction, StatusContext } from './change-machine-status';
export { registerMachine } from './register-machine';
export { replaceMachine } from './replace-machine';
export type { Replacement } from './replace-machine';
export { rotateEncryptionKey } from './rotate-encryption-key';
export { approveCertificateRenewal, renewCertificate } from './renew-certificate';
