import { GatewayError } from '@hyperledger/fabric-gateway';

import { chaincodeMessageOf } from './chaincode-error';
import { isIdentityRefusal } from './identity-refusal';

/**
 * Codes the client itself gives, besides the chaincode's own (`RECEIVER_UNKNOWN`, ...):
 * a transaction invalidated at commit, a gateway or peer that failed, bad local input, and
 * `IDENTITY_REFUSED`, the peer refusing the caller's certificate itself (unknown CA or MSP,
 * expired, revoked), so an impostor is never mistaken for an outage.
 */
export type ClientErrorCode =
    | 'COMMIT_FAILED'
    | 'ENDORSEMENT_FAILED'
    | 'IDENTITY_REFUSED'
    | 'UNAVAILABLE'
    | 'DECRYPTION_FAILED'
    | 'WALLET_INVALID'
    | 'IDENTITY_MISSING'
    /** The gateway profile names no fabric-ca (its network issued identities with cryptogen). */
    | 'CA_MISSING'
    | 'INVALID_ARGUMENT'
    | 'TIMEOUT'
    | 'QUERY_FAILED'
    | 'UNEXPECTED';

/**
 * An error of a Spindle client call. `code` is the chaincode's code when the chaincode refused
 * (the message then is the chaincode's own), or a client code; the message starts with it.
 * `RATE_LIMITED` is the chaincode's: the machine sent its share of the current rate window and
 * may send again in the next (see {@link isRateLimited}).
 */
export class SpindleError extends Error {
    constructor(
        readonly code: string,
        message: string,
        readonly transactionId?: string,
        options?: { cause?: unknown },
    ) {
        super(message.startsWith(`${code}: `) ? message : `${code}: ${message}`, options);
        this.name = 'SpindleError';
    }
}

/** Turns whatever a gateway call threw into a SpindleError that names its code. */
export function toSpindleError(error: unknown, transactionId?: string): SpindleError {
    if (error instanceof SpindleError) {
        return error;
    }
    const chaincodeMessage = chaincodeMessageOf(error);
    if (chaincodeMessage) {
        const code = /^([A-Z][A-Z0-9_]*): /.exec(chaincodeMessage)?.[1] ?? 'UNEXPECTED';
        return new SpindleError(code, chaincodeMessage, transactionId, { cause: error });
    }
    if (error instanceof GatewayError) {
        const details = error.details.map((detail) => `${detail.mspId}: ${detail.message}`).join('; ');
        if (isIdentityRefusal(error)) {
            return new SpindleError(
                'IDENTITY_REFUSED',
                `the peer refused this identity (${details || error.message})`,
                transactionId,
                { cause: error },
            );
        }
        const code = error.code === 14 ? 'UNAVAILABLE' : error.code === 4 ? 'TIMEOUT' : 'ENDORSEMENT_FAILED';
        return new SpindleError(code, details ? `${error.message} (${details})` : error.message, transactionId, {
            cause: error,
        });
    }
    return new SpindleError('UNEXPECTED', error instanceof Error ? error.message : String(error), transactionId, {
        cause: error,
    });
}

/** Whether an error is the chaincode's per-machine rate limit: worth sending again after a pause, not at once. */
export function isRateLimited(error: unknown): boolean {
    return error instanceof SpindleError && error.code === 'RATE_LIMITED';
}
