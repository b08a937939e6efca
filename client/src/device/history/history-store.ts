import { mkdir } from 'node:fs/promises';
import { ClassicLevel } from 'classic-level';
import {
    SEAL_READINGS_MAX,
    idSchema,
    readingSchema,
    sealEntrySchema,
    variableSchema,
    type Reading,
    type SealEntry,
} from '@spindle/chaincode/protocol';

import { HistoryError } from './history-error';
import {
    HISTORY_KEYS,
    indexKey,
    prefixEnd,
    readingKey,
    sealKey,
    seqOfKey,
    timeRange,
    variableOfIndexKey,
    variablePrefix,
} from './history-keys';
import { parseStoredReading, parseStoredSeal, toRecord } from './history-records';
import type { HistoryReader } from './history-reader';
import { sealAnchorSchema, type SealAnchor, type StoredSeal } from './seal';

/** A reading to record: the store gives it its machine and its seq. */
export type NewReading = Omit<Reading, 'machineId' | 'seq'>;

/** The most readings one `append` takes, one `readingsFrom` or `readings` returns. */
export const HISTORY_LIMITS = { appendMax: 10_000, readMax: SEAL_READINGS_MAX, sealsMax: 10_000 } as const;

/** Options of {@link openHistoryStore}. */
export interface HistoryStoreOptions {
    /** The store's folder, one per machine (created when missing). */
    folder: string;
    /** The machine whose history it is; a folder holding another machine's store is refused. */
    machineId: string;
    /**
     * Whether each write waits for fsync. Without it a write that resolved survives a crash of
     * the agent (the OS holds it) but not of the host; with it, it survives a power loss too.
     * Default true.
     */
    sync?: boolean;
}

const READINGS = { gte: HISTORY_KEYS.readingPrefix, lt: prefixEnd(HISTORY_KEYS.readingPrefix) };
const SEALS = { gte: HISTORY_KEYS.sealPrefix, lt: prefixEnd(HISTORY_KEYS.sealPrefix) };

/**
 * Opens (or creates) a machine's history store: a classic-level (LevelDB) database in its own
 * folder. One process at a time holds it open.
 *
 * @throws HistoryError INVALID_ARGUMENT for a bad machine ID, HISTORY_LOCKED when another process
 *   holds it, HISTORY_MACHINE_MISMATCH when it is another machine's, HISTORY_CORRUPT when its last
 *   reading or seal does not parse.
 */
export async function openHistoryStore(options: HistoryStoreOptions): Promise<HistoryStore> {
    if (!idSchema.safeParse(options.machineId).success) {
        throw new HistoryError('INVALID_ARGUMENT', `machine ID ${JSON.stringify(options.machineId)} is not valid`);
    }
    await mkdir(options.folder, { recursive: true });
    const db = new ClassicLevel<string, string>(options.folder);
    try {
        await db.open();
    } catch (error) {
        const locked = (error as { cause?: { code?: unknown } }).cause?.code === 'LEVEL_LOCKED';
        throw new HistoryError(
            locked ? 'HISTORY_LOCKED' : 'HISTORY_CORRUPT',
            locked ? `another process holds ${options.folder} open` : `cannot open ${options.folder}`,
            { cause: error },
        );
    }
    try {
        const owner = await db.get(HISTORY_KEYS.machine);
        if (owner === undefined) {
            await db.put(HISTORY_KEYS.machine, options.machineId, { sync: true });
        } else if (owner !== options.machineId) {
            throw new HistoryError(
                'HISTORY_MACHINE_MISMATCH',
                `${options.folder} holds the history of ${owner}, not ${options.machineId}`,
            );
        }
        const [lastReading] = await db.iterator({ ...READINGS, reverse: true, limit: 1 }).all();
        const [lastSeal] = await db.iterator({ ...SEALS, reverse: true, limit: 1 }).all();
        const startsAfter = parseStartsAfter(await db.get(HISTORY_KEYS.startsAfter), options.folder);
        const lastSeq = lastReading ? parseStoredReading(...lastReading, options.machineId).seq : startsAfter;
        const sealedThrough = lastSeal ? parseStoredSeal(...lastSeal, options.machineId).entry.lastSeq : startsAfter;
        return new HistoryStore(db, options.machineId, options.sync ?? true, lastSeq, sealedThrough);
    } catch (error) {
        await db.close();
        throw error;
    }
}

function parseStartsAfter(value: string | undefined, folder: string): number {
    const seq = value === undefined ? 0 : Number(value);
    if (!Number.isSafeInteger(seq) || seq < 0) {
        throw new HistoryError('HISTORY_CORRUPT', `${folder}: the seq its numbering starts after is ${value}`);
    }
    return seq;
}

/**
 * A machine's history: its readings numbered 1, 2, 3... (or on from {@link startAfter}) with no gaps, each written with its
 * index entry in one atomic batch, and the seals that commit batches of them to Merkle roots.
 * Writes run one at a time, in call order; reads see a snapshot. Every record read back is
 * schema-checked.
 */
export class HistoryStore implements HistoryReader {
    private writes: Promise<unknown> = Promise.resolve();

    /** @internal Use {@link openHistoryStore}. */
    constructor(
        private readonly db: ClassicLevel,
        readonly machineId: string,
        private readonly sync: boolean,
        private last: number,
        private sealed: number,
    ) {}

    /** The folder of the store. */
    get folder(): string {
        return this.db.location;
    }

    /** The seq of the last reading recorded, 0 (or the seq it started after) when none is. */
    lastSeq(): number {
        return this.last;
    }

    /**
     * Makes an empty store number its readings from `seq + 1` and count readings through `seq` as
     * sealed: a store started afresh for a machine whose chain has sealed readings through `seq`
     * already (its chain takes only a seal that continues them). Setting the same seq again does
     * nothing.
     *
     * @throws HistoryError INVALID_ARGUMENT for a bad seq; STATE_INVALID once the store holds a
     *   reading or seal.
     */
    startAfter(seq: number): Promise<void> {
        return this.serialized(async () => {
            if (!Number.isSafeInteger(seq) || seq < 0) {
                throw new HistoryError(
                    'INVALID_ARGUMENT',
                    `the seq to start after must be a whole number from 0, not ${seq}`,
                );
            }
            if (seq === this.last && seq === this.sealed) {
                return;
            }
            const [reading] = await this.db.keys({ ...READINGS, limit: 1 }).all();
            const [seal] = await this.db.keys({ ...SEALS, limit: 1 }).all();
            if (reading !== undefined || seal !== undefined) {
                throw new HistoryError(
                    'STATE_INVALID',
                    `the history of ${this.machineId} holds readings through ${this.last}; only an empty store starts after ${seq}`,
                );
            }
            await this.db.put(HISTORY_KEYS.startsAfter, String(seq), { sync: true });
            this.last = seq;
            this.sealed = seq;
        });
    }

    /**
     * Records readings, giving them the next seqs; resolves once they are written, all or none.
     *
     * @throws HistoryError INVALID_ARGUMENT when a reading does not parse or there are more than
     *   `HISTORY_LIMITS.appendMax`.
     */
    append(readings: readonly NewReading[]): Promise<Reading[]> {
        return this.serialized(async () => {
            if (readings.length > HISTORY_LIMITS.appendMax) {
                throw new HistoryError('INVALID_ARGUMENT', `at most ${HISTORY_LIMITS.appendMax} readings per append`);
            }
            const recorded = readings.map((reading, i) => this.numbered(reading, this.last + 1 + i));
            if (recorded.length === 0) {
                return recorded;
            }
            await this.db.batch(
                recorded.flatMap((reading) => {
                    const value = toRecord(reading);
                    return [
                        { type: 'put' as const, key: readingKey(reading.seq), value },
                        {
                            type: 'put' as const,
                            key: indexKey(reading.variable, reading.sourceTimestamp, reading.seq),
                            value,
                        },
                    ];
                }),
                { sync: this.sync },
            );
            this.last += recorded.length;
            return recorded;
        });
    }

    /**
     * Readings of `variable` with `from <= sourceTimestamp < to` (to the millisecond), oldest
     * first, at most `limit`: one range scan of the index.
     *
     * @throws HistoryError INVALID_ARGUMENT for a bad variable, date or limit; HISTORY_CORRUPT.
     */
    async readings(variable: string, from: Date, to: Date, limit: number): Promise<Reading[]> {
        if (!variableSchema.safeParse(variable).success) {
            throw new HistoryError('INVALID_ARGUMENT', `variable ${JSON.stringify(variable)} is not valid`);
        }
        if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
            throw new HistoryError('INVALID_ARGUMENT', 'from and to must be valid dates');
        }
        assertLimit(limit, HISTORY_LIMITS.readMax);
        if (from.getTime() >= to.getTime()) {
            return [];
        }
        const entries = await this.db.iterator({ ...timeRange(variable, from, to), limit }).all();
        return entries.map(([key, value]) => this.indexed(key, value));
    }

    /** The newest reading (by source time, then seq) of each variable, by variable name. */
    async latest(): Promise<Reading[]> {
        const newest: Reading[] = [];
        let after: string = HISTORY_KEYS.indexPrefix;
        for (;;) {
            const [key] = await this.db.keys({ gt: after, lt: prefixEnd(HISTORY_KEYS.indexPrefix), limit: 1 }).all();
            if (key === undefined) {
                return newest;
            }
            const prefix = variablePrefix(variableOfIndexKey(key));
            const [entry] = await this.db
                .iterator({ gte: prefix, lt: prefixEnd(prefix), reverse: true, limit: 1 })
                .all();
            if (entry) {
                newest.push(this.indexed(...entry));
            }
            after = prefixEnd(prefix);
        }
    }

    /**
     * Up to `limit` readings from seq `seq` on, in seq order: what a seal covers.
     *
     * @throws HistoryError INVALID_ARGUMENT for a bad seq or limit; HISTORY_CORRUPT.
     */
    async readingsFrom(seq: number, limit: number): Promise<Reading[]> {
        assertSeq(seq);
        assertLimit(limit, HISTORY_LIMITS.readMax);
        const entries = await this.db.iterator({ gte: readingKey(seq), lt: READINGS.lt, limit }).all();
        return entries.map(([key, value]) => parseStoredReading(key, value, this.machineId));
    }

    /** The seq of the last reading covered by a seal, 0 (or the seq it started after) before the first seal. */
    sealedThrough(): Promise<number> {
        return Promise.resolve(this.sealed);
    }

    /**
     * Records a seal entry (see `sealBatch`), sealed at `sealedAt`. It must start right after the
     * last seal and cover only recorded readings. Record it before appending it to the chain,
     * then {@link recordAnchor} once the block is there, so an agent that restarts between the
     * two finds the seal without an anchor and appends it.
     *
     * @throws HistoryError INVALID_ARGUMENT when it does not parse; SEAL_INVALID when it is of
     *   another machine, does not follow the last seal, or covers readings not recorded.
     */
    recordSeal(entry: SealEntry, sealedAt: Date): Promise<StoredSeal> {
        return this.serialized(async () => {
            const parsed = sealEntrySchema.safeParse(entry);
            if (!parsed.success || Number.isNaN(sealedAt.getTime())) {
                throw new HistoryError('INVALID_ARGUMENT', `seal: ${parsed.error?.issues[0]?.message ?? 'bad date'}`);
            }
            const { machineId, firstSeq, lastSeq } = parsed.data;
            if (machineId !== this.machineId || firstSeq !== this.sealed + 1 || lastSeq > this.last) {
                throw new HistoryError(
                    'SEAL_INVALID',
                    `a seal of ${this.machineId} must cover from ${this.sealed + 1} to at most ${this.last}, ` +
                        `not ${machineId} ${firstSeq}..${lastSeq}`,
                );
            }
            const seal: StoredSeal = { entry: parsed.data, sealedAt: sealedAt.toISOString() };
            await this.db.put(sealKey(lastSeq), toRecord(seal), { sync: this.sync });
            this.sealed = lastSeq;
            return seal;
        });
    }

    /**
     * Records where the seal starting at `firstSeq` was anchored. Anchors are written once;
     * recording the same anchor again does nothing.
     *
     * @throws HistoryError INVALID_ARGUMENT, NOT_FOUND when no seal starts there, SEAL_INVALID when
     *   it is already anchored elsewhere.
     */
    recordAnchor(firstSeq: number, anchor: SealAnchor): Promise<StoredSeal> {
        return this.serialized(async () => {
            const parsed = sealAnchorSchema.safeParse(anchor);
            if (!parsed.success) {
                throw new HistoryError('INVALID_ARGUMENT', `anchor: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
            }
            const seal = await this.sealFor(firstSeq);
            if (seal?.entry.firstSeq !== firstSeq) {
                throw new HistoryError('NOT_FOUND', `no seal of ${this.machineId} starts at reading ${firstSeq}`);
            }
            if (seal.anchor) {
                if (seal.anchor.machineId === parsed.data.machineId && seal.anchor.blockSeq === parsed.data.blockSeq) {
                    return seal;
                }
                throw new HistoryError('SEAL_INVALID', `the seal from ${firstSeq} is anchored in another block`);
            }
            const anchored = { ...seal, anchor: parsed.data };
            await this.db.put(sealKey(seal.entry.lastSeq), toRecord(anchored), { sync: this.sync });
            return anchored;
        });
    }

    /**
     * Seals that cover seq `fromSeq` or later, oldest first, at most `limit`.
     *
     * @throws HistoryError INVALID_ARGUMENT; HISTORY_CORRUPT.
     */
    async seals(fromSeq = 1, limit: number = HISTORY_LIMITS.sealsMax): Promise<StoredSeal[]> {
        assertSeq(fromSeq);
        assertLimit(limit, HISTORY_LIMITS.sealsMax);
        const entries = await this.db.iterator({ gte: sealKey(fromSeq), lt: SEALS.lt, limit }).all();
        return entries.map(([key, value]) => parseStoredSeal(key, value, this.machineId));
    }

    /**
     * The seal that covers reading `seq`, or undefined when the reading is not sealed (yet).
     *
     * @throws HistoryError INVALID_ARGUMENT; HISTORY_CORRUPT.
     */
    async sealFor(seq: number): Promise<StoredSeal | undefined> {
        const [seal] = await this.seals(seq, 1);
        return seal !== undefined && seal.entry.firstSeq <= seq ? seal : undefined;
    }

    /** Closes the store after the writes under way. */
    async close(): Promise<void> {
        await this.writes.catch(() => undefined);
        await this.db.close();
    }

    private numbered(reading: NewReading, seq: number): Reading {
        const parsed = readingSchema.safeParse({
            machineId: this.machineId,
            seq,
            variable: reading.variable,
            value: reading.value,
            unit: reading.unit,
            sourceTimestamp: reading.sourceTimestamp,
        });
        if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new HistoryError(
                'INVALID_ARGUMENT',
                `reading ${seq - this.last - 1}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`,
            );
        }
        return parsed.data;
    }

    private indexed(key: string, value: string): Reading {
        const reading = parseStoredReading(readingKey(seqOfKey(key) ?? 0), value, this.machineId);
        if (key !== indexKey(reading.variable, reading.sourceTimestamp, reading.seq)) {
            throw new HistoryError('HISTORY_CORRUPT', `index entry ${key} holds another reading`);
        }
        return reading;
    }

    private serialized<T>(write: () => Promise<T>): Promise<T> {
        const result = this.writes.then(write, write);
        this.writes = result.catch(() => undefined);
        return result;
    }
}

function assertSeq(seq: number): void {
    if (!Number.isSafeInteger(seq) || seq < 1) {
        throw new HistoryError('INVALID_ARGUMENT', `seq must be a whole number from 1, not ${seq}`);
    }
}

function assertLimit(limit: number, max: number): void {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > max) {
        throw new HistoryError('INVALID_ARGUMENT', `limit must be a whole number from 1 to ${max}, not ${limit}`);
    }
}
