import { createHash } from 'node:crypto';
import { compareKeys } from './keys';

/** A committed value and the ledger height (committed transaction number) that wrote it. */
export interface Versioned {
    value: Uint8Array;
    version: number;
}

/** One committed change of a public key. */
export interface HistoryRecord {
    transactionId: string;
    timestampMs: number;
    value: Uint8Array;
    isDelete: boolean;
}

/** A private data collection as a collections config defines it. */
export interface CollectionConfig {
    name: string;
    memberMspIds: readonly string[];
    memberOnlyRead: boolean;
    memberOnlyWrite: boolean;
}

/** What a simulation read, with versions, for MVCC validation at commit. */
export interface ReadSet {
    public: Map<string, number>;
    /** Versions read per collection and key (hash reads included). */
    private: Map<string, Map<string, number>>;
    /** Public range queries with the keys and versions they returned (phantom-read check). */
    ranges: { start: string; end: string; results: [string, number][] }[];
}

/** What a simulation wrote; `null` deletes. */
export interface WriteSet {
    public: Map<string, Uint8Array | null>;
    metadata: Map<string, Uint8Array>;
    private: Map<string, Map<string, Uint8Array | null>>;
}

/** An endorsed transaction waiting to be committed. */
export interface SimulatedTransaction {
    transactionId: string;
    timestampMs: number;
    reads: ReadSet;
    writes: WriteSet;
    event: { name: string; payload: Uint8Array } | undefined;
}

/** How validation judged a transaction, in Fabric's words. */
export type ValidationCode = 'VALID' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT';

/** Options of a new ledger. */
export interface LedgerOptions {
    chaincodeName?: string;
    channelId?: string;
    collections?: readonly CollectionConfig[];
    /** The first transaction's timestamp; each further transaction is one second later. */
    start?: Date;
}

/**
 * The committed side of an in-memory Fabric ledger for one chaincode: world state with versions
 * and history, key-level validation parameters, private data per collection, and the collection
 * definitions. Transactions simulate against it (see `StubTransaction`) and commit through
 * `commit`, which validates their read sets first like Fabric's MVCC check.
 */
export class InMemoryLedger {
    readonly chaincodeName: string;
    readonly channelId: string;
    private readonly publicState = new Map<string, Versioned>();
    private readonly metadataState = new Map<string, Uint8Array>();
    private readonly privateState = new Map<string, Map<string, Versioned>>();
    /** The hashed private state every peer of the channel holds, collection members or not. */
    private readonly privateHashes = new Map<string, Map<string, Uint8Array>>();
    private readonly histories = new Map<string, HistoryRecord[]>();
    private readonly collections = new Map<string, CollectionConfig>();
    private height = 0;
    private clockMs: number;
    private sequence = 0;

    constructor(options: LedgerOptions = {}) {
        this.chaincodeName = options.chaincodeName ?? 'spindle';
        this.channelId = options.channelId ?? 'm2m';
        this.clockMs = (options.start ?? new Date('2025-03-01T08:00:00.000Z')).getTime() - 1000;
        for (const collection of options.collections ?? []) {
            this.defineCollection(collection);
        }
    }

    /** Defines (or redefines) a collection, as a new chaincode definition would. */
    defineCollection(config: CollectionConfig): void {
        this.collections.set(config.name, config);
    }

    /** A collection's definition, or undefined when the chaincode has none of that name. */
    collection(name: string): CollectionConfig | undefined {
        return this.collections.get(name);
    }

    /** Stamps a new transaction: a 64-hex transaction ID and a timestamp one second on. */
    stampTransaction(): { transactionId: string; timestampMs: number } {
        this.sequence += 1;
        this.clockMs += 1000;
        return {
            transactionId: createHash('sha256').update(`stub-transaction-${this.sequence}`).digest('hex'),
            timestampMs: this.clockMs,
        };
    }

    /** The timestamp the next transaction will carry. */
    nextTimestamp(): Date {
        return new Date(this.clockMs + 1000);
    }

    /** Moves the clock, as time passing between transactions. */
    advanceClock(milliseconds: number): void {
        this.clockMs += milliseconds;
    }

    /** A committed public value, or undefined when the key holds none. */
    publicValue(key: string): Versioned | undefined {
        return this.publicState.get(key);
    }

    /** Committed public keys in [start, end) in LevelDB order; an empty end means no bound. */
    publicRange(start: string, end: string): [string, Versioned][] {
        return sortedRange(this.publicState, start, end);
    }

    /** A committed private value, or undefined when the key holds none. */
    privateValue(collection: string, key: string): Versioned | undefined {
        return this.privateState.get(collection)?.get(key);
    }

    /** The keys a collection holds values under, committed, in LevelDB order. */
    privateKeys(collection: string): string[] {
        return sortedRange(this.privateState.get(collection) ?? new Map<string, Versioned>(), '', '').map(
            ([key]) => key,
        );
    }

    /** The channel's SHA-256 of a private value, as committed; undefined when there is none. */
    privateHash(collection: string, key: string): Uint8Array | undefined {
        return this.privateHashes.get(collection)?.get(key);
    }

    /** Committed private keys of a collection in [start, end), in LevelDB order. */
    privateRange(collection: string, start: string, end: string): [string, Versioned][] {
        return sortedRange(this.privateState.get(collection) ?? new Map<string, Versioned>(), start, end);
    }

    /** A key's validation parameter (state-based endorsement policy bytes), empty when none. */
    validationParameter(key: string): Uint8Array {
        return this.metadataState.get(key) ?? new Uint8Array();
    }

    /** A public key's committed changes, newest first, as Fabric 2.x returns them. */
    history(key: string): HistoryRecord[] {
        return [...(this.histories.get(key) ?? [])].reverse();
    }

    /** Fabric's MVCC check: every version read is still the committed one, every range unchanged. */
    validate(transaction: SimulatedTransaction): ValidationCode {
        for (const [key, version] of transaction.reads.public) {
            if ((this.publicState.get(key)?.version ?? 0) !== version) {
                return 'MVCC_READ_CONFLICT';
            }
        }
        for (const [collection, reads] of transaction.reads.private) {
            for (const [key, version] of reads) {
                if ((this.privateValue(collection, key)?.version ?? 0) !== version) {
                    return 'MVCC_READ_CONFLICT';
                }
            }
        }
        for (const range of transaction.reads.ranges) {
            const now = this.publicRange(range.start, range.end).map(([key, value]) => `${key}@${value.version}`);
            const then = range.results.map(([key, version]) => `${key}@${version}`);
            if (now.join('\n') !== then.join('\n')) {
                return 'PHANTOM_READ_CONFLICT';
            }
        }
        return 'VALID';
    }

    /** Validates a transaction and, if valid, applies its writes; an invalid one writes nothing. */
    commit(transaction: SimulatedTransaction): ValidationCode {
        const code = this.validate(transaction);
        if (code !== 'VALID') {
            return code;
        }
        this.height += 1;
        for (const [key, value] of transaction.writes.public) {
            this.applyPublic(key, value, transaction);
        }
        for (const [key, parameter] of transaction.writes.metadata) {
            this.metadataState.set(key, parameter);
        }
        for (const [collection, writes] of transaction.writes.private) {
            this.overwrite(collection, writes);
            this.rehash(collection, writes);
        }
        return code;
    }

    /**
     * Writes private values behind the chaincode's back, as a tampered peer database would.
     * Unit tests only: the channel's hashes stay those of the committed values.
     */
    tamperPrivate(collection: string, key: string, value: Uint8Array | null): void {
        this.overwrite(collection, new Map([[key, value]]));
    }

    /**
     * Writes a public value behind the chaincode's back, as a write the policies let through
     * would. Unit tests only: it is how a record moved under another key reaches the chaincode.
     */
    tamperPublic(key: string, value: Uint8Array): void {
        this.publicState.set(key, { value, version: this.height });
    }

    /** A digest of everything committed: state, validation parameters, private data and history. */
    digest(): string {
        const hash = createHash('sha256');
        const feed = (label: string, entries: Iterable<[string, Uint8Array | number | string]>) => {
            for (const [key, value] of [...entries].sort(([left], [right]) => compareKeys(left, right))) {
                hash.update(
                    `${label}|${key}|${typeof value === 'object' ? Buffer.from(value).toString('hex') : value}\n`,
                );
            }
        };
        feed(
            'state',
            [...this.publicState].map(([key, { value }]) => [key, value]),
        );
        feed('metadata', this.metadataState);
        for (const [collection, values] of this.privateState) {
            feed(
                `private:${collection}`,
                [...values].map(([key, { value }]) => [key, value]),
            );
        }
        feed(
            'history',
            [...this.histories].map(([key, changes]) => [key, changes.map((change) => change.transactionId).join(',')]),
        );
        return hash.digest('hex');
    }

    private applyPublic(key: string, value: Uint8Array | null, transaction: SimulatedTransaction): void {
        if (value === null) {
            this.publicState.delete(key);
        } else {
            this.publicState.set(key, { value, version: this.height });
        }
        const changes = this.histories.get(key) ?? [];
        changes.push({
            transactionId: transaction.transactionId,
            timestampMs: transaction.timestampMs,
            value: value ?? new Uint8Array(),
            isDelete: value === null,
        });
        this.histories.set(key, changes);
    }

    private rehash(collection: string, writes: Map<string, Uint8Array | null>): void {
        const hashes = this.privateHashes.get(collection) ?? new Map<string, Uint8Array>();
        for (const [key, value] of writes) {
            if (value === null) {
                hashes.delete(key);
            } else {
                hashes.set(key, createHash('sha256').update(value).digest());
            }
        }
        this.privateHashes.set(collection, hashes);
    }

    private overwrite(collection: string, writes: Map<string, Uint8Array | null>): void {
        const values = this.privateState.get(collection) ?? new Map<string, Versioned>();
        for (const [key, value] of writes) {
            if (value === null) {
                values.delete(key);
            } else {
                values.set(key, { value, version: this.height });
            }
        }
        this.privateState.set(collection, values);
    }
}

function sortedRange(values: Map<string, Versioned>, start: string, end: string): [string, Versioned][] {
    return [...values]
        .filter(([key]) => compareKeys(key, start) >= 0 && (end === '' || compareKeys(key, end) < 0))
        .sort(([left], [right]) => compareKeys(left, right));
}
