import { SpindleError } from '../../errors/spindle-error';

/**
 * Codes of the device recorder:
 * - `RECORDER_APPEND_FAILED`: readings could not be written to the machine's history store;
 * - `READINGS_DROPPED`: readings were given up (refused by the store, or over the buffer's bound
 *   while the store kept failing);
 * - `SEAL_ANCHOR_FAILED`: a seal recorded in the store could not be put on the machine's chain
 *   after the retries; it stays recorded and is anchored before the next seal;
 * - `SEAL_FAILED`: a seal could not be made from the store (see the cause's code);
 * - `HISTORY_DIVERGED`: the machine's chain seals readings this history store does not (its seals
 *   are not the chain's): the store is not the one that sealed them, or lost them. The chaincode
 *   takes no seal of those seqs again, so nothing is sealed until the store is moved aside; a
 *   fresh store then numbers its readings after the chain's;
 * - `CHAIN_UNREACHABLE`: an empty store could not read where the machine's chain has sealed
 *   through, so it does not know where to number from, and records nothing yet.
 */
export type RecorderErrorCode =
    | 'RECORDER_APPEND_FAILED'
    | 'READINGS_DROPPED'
    | 'SEAL_ANCHOR_FAILED'
    | 'SEAL_FAILED'
    | 'HISTORY_DIVERGED'
    | 'CHAIN_UNREACHABLE';

/** An error of the device recorder; the message starts with its code. */
export class RecorderError extends SpindleError {
    declare readonly code: RecorderErrorCode;

    constructor(code: RecorderErrorCode, message: string, options?: { cause?: unknown }) {
        super(code, message, undefined, options);
        this.name = 'RecorderError';
    }
}

/** The code of whatever was thrown: a SpindleError's own, else `UNEXPECTED`. */
export function codeOf(error: unknown): string {
    return error instanceof SpindleError ? error.code : 'UNEXPECTED';
}

/** The message of whatever was thrown. */
export function messageOf(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
