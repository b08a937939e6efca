/**
 * The key layout of a machine's history store, one LevelDB per machine, keys sorted as strings:
 * - `m!machineId`: the machine the store belongs to;
 * - `m!startsAfter`: the seq its numbering starts after, when not 0 (a store started for a machine
 *   whose chain had sealed readings already);
 * - `r!<seq>`: a reading, by seq (the primary record);
 * - `v!<variable>!<sourceTimestamp>!<seq>`: the same reading again, so a variable's time range
 *   is one range scan (a covering index: twice the bytes, no second lookup);
 * - `s!<lastSeq>`: a seal, by the last seq it covers.
 * Seqs are zero-padded to 16 digits (every safe integer) and timestamps are ISO 8601 with
 * milliseconds, so string order is numeric and time order. Variables never contain `!`.
 */
export const HISTORY_KEYS = {
    machine: 'm!machineId',
    startsAfter: 'm!startsAfter',
    readingPrefix: 'r!',
    indexPrefix: 'v!',
    sealPrefix: 's!',
} as const;

/** The character after `!`: `x!` up to `x"` spans every key with prefix `x!`. */
const AFTER_SEPARATOR = '"';

const SEQ_DIGITS = 16;
const TIME_MIN = Date.parse('0000-01-01T00:00:00.000Z');
const TIME_MAX = Date.parse('9999-12-31T23:59:59.999Z');

function seqPart(seq: number): string {
    return String(seq).padStart(SEQ_DIGITS, '0');
}

/** The key of reading `seq`. */
export function readingKey(seq: number): string {
    return HISTORY_KEYS.readingPrefix + seqPart(seq);
}

/** The key of seal ending at `lastSeq`. */
export function sealKey(lastSeq: number): string {
    return HISTORY_KEYS.sealPrefix + seqPart(lastSeq);
}

/** The index key of a reading; the time is cut to milliseconds, as `Date` ranges are. */
export function indexKey(variable: string, sourceTimestamp: string, seq: number): string {
    return `${variablePrefix(variable)}${new Date(sourceTimestamp).toISOString()}!${seqPart(seq)}`;
}

/** The prefix of every index key of `variable`. */
export function variablePrefix(variable: string): string {
    return `${HISTORY_KEYS.indexPrefix}${variable}!`;
}

/** The end (exclusive) of a prefix's keys. */
export function prefixEnd(prefix: string): string {
    return prefix.slice(0, -1) + AFTER_SEPARATOR;
}

/** Index keys of `variable` with `from <= time < to`: `gte` and `lt` bounds of one range scan. */
export function timeRange(variable: string, from: Date, to: Date): { gte: string; lt: string } {
    const prefix = variablePrefix(variable);
    const bound = (time: Date): string =>
        time.getTime() < TIME_MIN
            ? prefix
            : time.getTime() > TIME_MAX
              ? prefixEnd(prefix)
              : prefix + time.toISOString();
    return { gte: bound(from), lt: bound(to) };
}

/** The seq at the end of a reading, index or seal key, or undefined when it has none. */
export function seqOfKey(key: string): number | undefined {
    const digits = key.slice(-SEQ_DIGITS);
    return /^\d{16}$/.test(digits) ? Number(digits) : undefined;
}

/** The variable of an index key. */
export function variableOfIndexKey(key: string): string {
    return key.slice(HISTORY_KEYS.indexPrefix.length, key.indexOf('!', HISTORY_KEYS.indexPrefix.length));
}
