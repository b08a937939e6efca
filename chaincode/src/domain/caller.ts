import type { Role } from '../protocol';

/**
 * Who submitted a transaction, as the ledger layer reads it from the creator's certificate:
 * MSP ID and the `spindle.role` / `spindle.machine` attributes, which count only together.
 */
export interface Caller {
    /** The creator's MSP ID, for example `MillAMSP`. */
    mspId: string;
    /** The `spindle.role` attribute, or undefined when absent or not a known role. */
    role: Role | undefined;
    /** The `spindle.machine` attribute, or undefined when absent or not a valid ID. */
    machineId: string | undefined;
    /** The creator's enrollment certificate, PEM. */
    certificate: string;
    /** SPKI PEM of the certificate's key, or undefined when it is not P-256. */
    publicKey: string | undefined;
}
