import { SpindleError } from '../../errors/spindle-error';

/**
 * Codes of the history store and of sealing:
 * - `HISTORY_CORRUPT`: a stored record does not parse, breaks its schema or does not match its key;
 * - `HISTORY_LOCKED`: another process holds the machine's store open (LevelDB's lock file);
 * - `HISTORY_MACHINE_MISMATCH`: the folder holds another machine's store;
 * - `INVALID_ARGUMENT`: a reading, range, limit or seal does not parse;
 * - `BATCH_INVALID`: readings to seal or prove are empty, of several machines, or not contiguous;
 * - `SEAL_INVALID`: a seal does not follow the last one, covers readings not recorded, or re-anchors;
 * - `NOT_FOUND`: no seal starts at the given seq, or a seq is not in the batch;
 * - `STATE_INVALID`: a store that holds readings cannot start its numbering elsewhere.
 */
export type HistoryErrorCode =
    | 'HISTORY_CORRUPT'
    | 'HISTORY_LOCKED'
    | 'HISTORY_MACHINE_MISMATCH'
    | 'INVALID_ARGUMENT'
    | 'BATCH_INVALID'
    | 'SEAL_INVALID'
    | 'NOT_FOUND'
    | 'STATE_INVALID';

/** An error of the history store or of sealing; the message starts with its code. */
export class HistoryError extends SpindleError {
    declare readonly code: HistoryErrorCode;

    constructor(code: HistoryErrorCode, message: string, options?: { cause?: unknown }) {
        super(code, message, undefined, options);
        this.name = 'HistoryError';
    }
}
