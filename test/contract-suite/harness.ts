/**
 * The ledger the contract suite runs against: the in-memory stub in unit tests, a real
 * three-mill Fabric network through the Fabric Gateway in integration tests. The suite speaks
 * only this interface, so the stub cannot drift from Fabric unnoticed.
 */

/** The mills of the consortium; a mill's MSP ID is its name plus `MSP` (`MillAMSP`). */
export const MILLS = ['MillA', 'MillB', 'MillC'] as const;

/** A mill. */
export type MillName = (typeof MILLS)[number];

/** A Spindle role, carried in the `spindle.role` certificate attribute. */
export type IdentityRole = 'admin' | 'machine' | 'operator' | 'edge';

/**
 * An enrolled identity of a mill's fabric-ca: its MSP is `<mill>MSP`, its certificate carries
 * `spindle.role` = `role` and, when given, `spindle.machine` = `machineId`. The same spec always
 * names the same identity (same key); a different `variant` names another enrollment with the
 * same attributes and a fresh key.
 */
export interface IdentitySpec {
    mill: MillName;
    role: IdentityRole;
    machineId?: string;
    variant?: string;
}

/** An identity's enrollment: its MSP ID, certificate and private key, PEM. */
export interface Credentials {
    mspId: string;
    certificatePem: string;
    privateKeyPem: string;
}

/** The chaincode event a committed transaction emitted (Fabric keeps at most one). */
export interface ChaincodeEventRecord {
    name: string;
    payload: Uint8Array;
}

/** A committed transaction. */
export interface SubmitResult {
    /** The transaction's return value. */
    payload: Uint8Array;
    transactionId: string;
    /** The event it emitted, if any. */
    event: ChaincodeEventRecord | undefined;
}

/**
 * A ledger with the Spindle chaincode deployed. Every method that fails because the chaincode
 * refused must reject with an Error whose `message` starts with the chaincode's own message
 * (`RECEIVER_UNKNOWN: machine x is not registered`), so the suite can read the code; the real
 * harness unwraps it from the gateway error's details.
 */
export interface LedgerHarness {
    /**
     * Endorses, orders and commits a transaction, and resolves once it is committed valid.
     * `transaction` is `<contract>:<name>`; `transient` goes into the transient map.
     */
    submit(
        identity: IdentitySpec,
        transaction: string,
        args?: string[],
        transient?: Record<string, Uint8Array>,
    ): Promise<SubmitResult>;
    /** Evaluates a transaction on the identity's own mill's peer; nothing is written. */
    evaluate(identity: IdentitySpec, transaction: string, args?: string[]): Promise<Uint8Array>;
    /** The identity's enrollment, to sign packets with its key. */
    credentials(identity: IdentitySpec): Promise<Credentials>;
    /** The time the next transaction will carry, near enough: packets are stamped with it. */
    now(): Promise<Date>;
    /**
     * A digest of everything the ledger holds (state, private data, history), where the harness
     * can compute one: the suite checks that a refused transaction changed nothing.
     */
    stateDigest?(): Promise<string>;
    /** Releases connections. */
    close(): Promise<void>;
}

/**
 * Makes a harness over a fresh ledger: an empty world state, the Spindle chaincode, and a
 * private data collection `machine-<id>` for every machine of `SUITE_MACHINES` that has
 * `collection: true` (and none for the others), member and endorser its mill only,
 * memberOnlyRead true, memberOnlyWrite false.
 */
export type HarnessFactory = () => Promise<LedgerHarness>;
