import type {
    ChaincodeProposal,
    ChaincodeResponse,
    ChaincodeStub,
    Iterators,
    SerializedIdentity,
    SplitCompositekey,
    StateQueryResponse,
    Timestamp,
} from 'fabric-shim-api';
import type { InMemoryLedger, SimulatedTransaction, Versioned } from './in-memory-ledger';
import { MAX_UNICODE, assertSimpleKeys, createCompositeKey, splitCompositeKey } from './keys';
import { failing, iterable, paginated, wrappedIterable } from './query-iterators';

/** What a proposal carries into a simulation. */
export interface Proposal {
    creator: { mspId: string; certificatePem: string };
    functionName: string;
    args: readonly string[];
    transient: ReadonlyMap<string, Uint8Array>;
    /**
     * The MSP of the peer that simulates, when it is not the creator's own mill's peer: a peer
     * outside a collection holds its hashes but not its values.
     */
    peerMspId?: string;
}

const EMPTY_KEY_SUBSTITUTE = '\u0001';

type QueryResult = Promise<Iterators.StateQueryIterator> & AsyncIterable<Iterators.KV>;
type PagedQueryResult = Promise<StateQueryResponse<Iterators.StateQueryIterator>> & AsyncIterable<Iterators.KV>;

/**
 * One transaction simulated against an `InMemoryLedger`, behaving like fabric-shim's
 * ChaincodeStub over a LevelDB peer: reads see committed state only (never this transaction's
 * own writes); a missing key reads as an empty array; range scans run in UTF-8 byte order;
 * composite keys use Fabric's `\u0000` encoding; paginated and private range queries make the
 * transaction read-only, and are refused after a write; private reads honour memberOnlyRead for
 * the creator's MSP; a peer outside a collection fails a read of a key that holds a value, as
 * Fabric does; an undefined collection is an error; one event per transaction, the last
 * set. Writes go to a write set that only `InMemoryLedger.commit` applies.
 */
export class StubTransaction implements ChaincodeStub {
    readonly simulation: SimulatedTransaction;
    private writePerformed = false;
    private privateQueryPerformed = false;
    private paginatedQueryPerformed = false;

    constructor(
        private readonly ledger: InMemoryLedger,
        private readonly proposal: Proposal,
    ) {
        const { transactionId, timestampMs } = ledger.stampTransaction();
        this.simulation = {
            transactionId,
            timestampMs,
            reads: { public: new Map(), private: new Map(), ranges: [] },
            writes: { public: new Map(), metadata: new Map(), private: new Map() },
            event: undefined,
        };
    }

    getArgs(): string[] {
        return [this.proposal.functionName, ...this.proposal.args];
    }

    getStringArgs(): string[] {
        return this.getArgs();
    }

    /** The arguments as fabric-shim's contract runtime reads them. */
    getBufferArgs(): Buffer[] {
        return this.getArgs().map((arg) => Buffer.from(arg, 'utf8'));
    }

    getFunctionAndParameters(): { params: string[]; fcn: string } {
        return { fcn: this.proposal.functionName, params: [...this.proposal.args] };
    }

    getTxID(): string {
        return this.simulation.transactionId;
    }

    getChannelID(): string {
        return this.ledger.channelId;
    }

    getCreator(): SerializedIdentity {
        return {
            mspid: this.proposal.creator.mspId,
            idBytes: Buffer.from(this.proposal.creator.certificatePem, 'utf8'),
        };
    }

    /** The endorsing peer's MSP: the stub endorses on the creator's own mill's peer. */
    getMspID(): string {
        return this.proposal.creator.mspId;
    }

    getTransient(): Map<string, Uint8Array> {
        return new Map([...this.proposal.transient].map(([key, value]) => [key, Uint8Array.from(value)]));
    }

    getSignedProposal(): ChaincodeProposal.SignedProposal {
        throw new Error('the in-memory stub has no signed proposal');
    }

    /** Not emulated: Spindle reads the transaction time with getDateTimestamp. */
    getTxTimestamp(): Timestamp {
        throw new Error('the in-memory stub answers getDateTimestamp, not getTxTimestamp');
    }

    getDateTimestamp(): Date {
        return new Date(this.simulation.timestampMs);
    }

    getBinding(): string {
        throw new Error('the in-memory stub has no proposal binding');
    }

    getState(key: string): Promise<Uint8Array> {
        return this.attempt(() => copy(this.readPublic(key)?.value));
    }

    putState(key: string, value: Uint8Array): Promise<void> {
        return this.attempt(() => {
            this.checkWrite(key);
            // Fabric records an empty value as a delete.
            this.simulation.writes.public.set(key, value.length === 0 ? null : Uint8Array.from(value));
        });
    }

    deleteState(key: string): Promise<void> {
        return this.attempt(() => {
            this.checkWrite(key);
            this.simulation.writes.public.set(key, null);
        });
    }

    setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
        return this.attempt(() => {
            this.checkWrite(key);
            this.simulation.writes.metadata.set(key, Uint8Array.from(ep));
        });
    }

    getStateValidationParameter(key: string): Promise<Uint8Array> {
        return Promise.resolve(copy(this.ledger.validationParameter(key)));
    }

    getStateByRange(startKey: string, endKey: string): QueryResult {
        return this.query(() => {
            assertSimpleKeys(startKey, endKey);
            return iterable(this.scanPublic(startKey || EMPTY_KEY_SUBSTITUTE, endKey));
        });
    }

    getStateByRangeWithPagination(
        startKey: string,
        endKey: string,
        pageSize: number,
        bookmark?: string,
    ): PagedQueryResult {
        return this.query(() => {
            assertSimpleKeys(startKey, endKey);
            return this.page(startKey || EMPTY_KEY_SUBSTITUTE, endKey, pageSize, bookmark);
        });
    }

    getStateByPartialCompositeKey(objectType: string, attributes: string[]): QueryResult {
        return this.query(() => {
            const prefix = createCompositeKey(objectType, attributes);
            return iterable(this.scanPublic(prefix, prefix + MAX_UNICODE));
        });
    }

    getStateByPartialCompositeKeyWithPagination(
        objectType: string,
        attributes: string[],
        pageSize: number,
        bookmark?: string,
    ): PagedQueryResult {
        return this.query(() => {
            const prefix = createCompositeKey(objectType, attributes);
            return this.page(prefix, prefix + MAX_UNICODE, pageSize, bookmark);
        });
    }

    getQueryResult(): QueryResult {
        return failing(new Error('ExecuteQuery not supported for leveldb'));
    }

    getQueryResultWithPagination(): PagedQueryResult {
        return failing(new Error('ExecuteQuery not supported for leveldb'));
    }

    getHistoryForKey(key: string): Promise<Iterators.HistoryQueryIterator> & AsyncIterable<Iterators.KeyModification> {
        return iterable(
            this.ledger.history(key).map((change) => ({
                txId: change.transactionId,
                value: Buffer.from(change.value),
                isDelete: change.isDelete,
                timestamp: protobufTimestamp(change.timestampMs),
            })),
        );
    }

    invokeChaincode(): Promise<ChaincodeResponse> {
        return Promise.reject(new Error('the in-memory stub does not invoke other chaincodes'));
    }

    setEvent(name: string, payload: Uint8Array): void {
        if (name.length === 0) {
            throw new Error('Event name must be a non-empty string');
        }
        this.simulation.event = { name, payload: Uint8Array.from(payload) };
    }

    createCompositeKey(objectType: string, attributes: string[]): string {
        return createCompositeKey(objectType, attributes);
    }

    splitCompositeKey(compositeKey: string): SplitCompositekey {
        return splitCompositeKey(compositeKey);
    }

    getPrivateData(collection: string, key: string): Promise<Uint8Array> {
        return this.attempt(() => {
            this.checkRead(collection);
            const value = this.readPrivate(collection, key);
            if (value !== undefined && !this.peerIsMember(collection)) {
                throw new Error(
                    `private data matching public hash version is not available. Public hash version = {BlockNum: ${value.version}, TxNum: 0}, Private data version = <nil>`,
                );
            }
            return copy(value?.value);
        });
    }

    getPrivateDataHash(collection: string, key: string): Promise<Uint8Array> {
        return this.attempt(() => {
            this.requireCollection(collection);
            this.readPrivate(collection, key);
            return copy(this.ledger.privateHash(collection, key));
        });
    }

    putPrivateData(collection: string, key: string, value: Uint8Array): Promise<void> {
        return this.attempt(() => {
            this.checkPrivateWrite(collection, key);
            this.privateWrites(collection).set(key, value.length === 0 ? null : Uint8Array.from(value));
        });
    }

    deletePrivateData(collection: string, key: string): Promise<void> {
        return this.attempt(() => {
            this.checkPrivateWrite(collection, key);
            this.privateWrites(collection).set(key, null);
        });
    }

    purgePrivateData(collection: string, key: string): Promise<void> {
        return this.deletePrivateData(collection, key);
    }

    setPrivateDataValidationParameter(): Promise<void> {
        return Promise.reject(new Error('the in-memory stub keeps no private validation parameters'));
    }

    getPrivateDataValidationParameter(): Promise<Uint8Array> {
        return Promise.reject(new Error('the in-memory stub keeps no private validation parameters'));
    }

    getPrivateDataByRange(collection: string, startKey: string, endKey: string): QueryResult {
        return this.query(() => this.scanPrivate(collection, startKey || EMPTY_KEY_SUBSTITUTE, endKey));
    }

    getPrivateDataByPartialCompositeKey(collection: string, objectType: string, attributes: string[]): QueryResult {
        return this.query(() => {
            const prefix = createCompositeKey(objectType, attributes);
            return this.scanPrivate(collection, prefix, prefix + MAX_UNICODE);
        });
    }

    getPrivateDataQueryResult(): QueryResult {
        return failing(new Error('ExecuteQuery not supported for leveldb'));
    }

    private readPublic(key: string): Versioned | undefined {
        const value = this.ledger.publicValue(key);
        this.simulation.reads.public.set(key, value?.version ?? 0);
        return value;
    }

    private readPrivate(collection: string, key: string): Versioned | undefined {
        const value = this.ledger.privateValue(collection, key);
        const reads = this.simulation.reads.private.get(collection) ?? new Map<string, number>();
        reads.set(key, value?.version ?? 0);
        this.simulation.reads.private.set(collection, reads);
        return value;
    }

    private scanPublic(start: string, end: string): Iterators.KV[] {
        const results = this.ledger.publicRange(start, end);
        this.simulation.reads.ranges.push({ start, end, results: results.map(([key, { version }]) => [key, version]) });
        return results.map(([key, { value }]) => this.kv(key, value));
    }

    private page(start: string, end: string, pageSize: number, bookmark: string | undefined): PagedQueryResult {
        if (this.writePerformed) {
            throw new Error(
                `txid [${this.getTxID()}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
            );
        }
        this.paginatedQueryPerformed = true;
        const all = this.ledger.publicRange(bookmark === undefined || bookmark === '' ? start : bookmark, end);
        const results = all.slice(0, pageSize).map(([key, { value }]) => this.kv(key, value));
        return paginated(results, all[pageSize]?.[0] ?? '');
    }

    private scanPrivate(collection: string, start: string, end: string): QueryResult {
        this.checkRead(collection);
        if (this.writePerformed) {
            throw new Error(
                `txid [${this.getTxID()}]: unsuppored transaction. Queries on pvt data is supported only in a read-only transaction`,
            );
        }
        this.privateQueryPerformed = true;
        const results = this.ledger.privateRange(collection, start, end).map(([key, { value }]) => this.kv(key, value));
        // fabric-shim resolves a private range to { iterator, metadata }, whatever its types say.
        return wrappedIterable(results) as unknown as QueryResult;
    }

    private kv(key: string, value: Uint8Array): Iterators.KV {
        return { namespace: this.ledger.chaincodeName, key, value: Buffer.from(value) };
    }

    private checkWrite(key: string): void {
        if (key.length === 0) {
            throw new Error('key must not be an empty string');
        }
        if (this.privateQueryPerformed) {
            throw new Error(
                `txid [${this.getTxID()}]: unsuppored transaction. Transaction has already performed queries on pvt data. Writes are not allowed`,
            );
        }
        if (this.paginatedQueryPerformed) {
            throw new Error(
                `txid [${this.getTxID()}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`,
            );
        }
        this.writePerformed = true;
    }

    private checkPrivateWrite(collection: string, key: string): void {
        const config = this.requireCollection(collection);
        if (config.memberOnlyWrite && !config.memberMspIds.includes(this.proposal.creator.mspId)) {
            throw new Error(
                `tx creator does not have write access permission on privatedata in chaincodeName:${this.ledger.chaincodeName} collectionName: ${collection}`,
            );
        }
        this.checkWrite(key);
    }

    private peerIsMember(collection: string): boolean {
        const peer = this.proposal.peerMspId ?? this.proposal.creator.mspId;
        return this.requireCollection(collection).memberMspIds.includes(peer);
    }

    private checkRead(collection: string): void {
        const config = this.requireCollection(collection);
        if (config.memberOnlyRead && !config.memberMspIds.includes(this.proposal.creator.mspId)) {
            throw new Error(
                `tx creator does not have read access permission on privatedata in chaincodeName:${this.ledger.chaincodeName} collectionName: ${collection}`,
            );
        }
    }

    private requireCollection(collection: string) {
        const config = this.ledger.collection(collection);
        if (config === undefined) {
            throw new Error(
                `collection ${collection} not defined in the collection config for namespace ${this.ledger.chaincodeName}`,
            );
        }
        return config;
    }

    private privateWrites(collection: string): Map<string, Uint8Array | null> {
        const writes = this.simulation.writes.private.get(collection) ?? new Map<string, Uint8Array | null>();
        this.simulation.writes.private.set(collection, writes);
        return writes;
    }

    private attempt<T>(operation: () => T): Promise<T> {
        try {
            return Promise.resolve(operation());
        } catch (error) {
            return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
    }

    private query<T>(run: () => Promise<T> & AsyncIterable<Iterators.KV>): Promise<T> & AsyncIterable<Iterators.KV> {
        try {
            return run();
        } catch (error) {
            return failing(error instanceof Error ? error : new Error(String(error)));
        }
    }
}

function copy(value: Uint8Array | undefined): Uint8Array {
    return value === undefined ? new Uint8Array() : Uint8Array.from(value);
}

// fabric-shim's types say Long, but history timestamps arrive as protobuf toObject() numbers.
function protobufTimestamp(milliseconds: number): Timestamp {
    const plain = { seconds: Math.floor(milliseconds / 1000), nanos: (milliseconds % 1000) * 1_000_000 };
    return plain as unknown as Timestamp;
}
