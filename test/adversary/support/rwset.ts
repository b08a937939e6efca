import { ledger } from '@hyperledger/fabric-protos';

import { sha256 } from './low-s-signature';

const { kvrwset } = ledger.rwset;

/** A committed version: the block and the transaction within it that last wrote a key. */
export interface KeyVersion {
    blockNum: number;
    txNum: number;
}

/** A public read: a key and the version read, or none when the key did not exist. */
export interface ReadSpec {
    key: string;
    version?: KeyVersion;
}

/** A public write, or a delete. */
export interface WriteSpec {
    key: string;
    value?: Uint8Array;
    isDelete?: boolean;
}

/** A key-level metadata write, e.g. `VALIDATION_PARAMETER` with a serialized policy. */
export interface MetadataWriteSpec {
    key: string;
    entries: { name: string; value: Uint8Array }[];
}

/** A write into a private data collection; the channel sees only its key and value hashes. */
export interface PrivateWriteSpec {
    key: string;
    value: Uint8Array;
}

/** What the attacker's rwset says for one namespace. */
export interface RwsetSpec {
    namespace: string;
    reads?: ReadSpec[];
    writes?: WriteSpec[];
    metadataWrites?: MetadataWriteSpec[];
    collections?: { name: string; writes: PrivateWriteSpec[] }[];
}

/** The encoded rwset: the public `TxReadWriteSet` and the private rwset its hashes stand for. */
export interface EncodedRwset {
    /** `rwset.TxReadWriteSet` bytes, as `ChaincodeAction.results` holds them. */
    results: Uint8Array;
    /** `rwset.TxPvtReadWriteSet` bytes, undefined without collection writes. */
    privateRwset?: Uint8Array;
}

/**
 * Encodes an rwset the way a peer's simulator does: keys sorted, private writes as the SHA-256
 * of key and value under their collection, with the hash of each collection's private rwset.
 */
export function encodeRwset(spec: RwsetSpec): EncodedRwset {
    const kv = new kvrwset.KVRWSet();
    kv.setReadsList(sortByKey(spec.reads ?? []).map(toRead));
    kv.setWritesList(sortByKey(spec.writes ?? []).map(toWrite));
    kv.setMetadataWritesList(sortByKey(spec.metadataWrites ?? []).map(toMetadataWrite));

    const ns = new ledger.rwset.NsReadWriteSet();
    ns.setNamespace(spec.namespace);
    ns.setRwset(kv.serializeBinary());

    const privateNs = new ledger.rwset.NsPvtReadWriteSet();
    privateNs.setNamespace(spec.namespace);
    const collections = [...(spec.collections ?? [])].sort((a, b) => compare(a.name, b.name));
    for (const collection of collections) {
        const privateKv = new kvrwset.KVRWSet();
        privateKv.setWritesList(sortByKey(collection.writes).map(toWrite));
        const privateBytes = privateKv.serializeBinary();

        const hashed = new kvrwset.HashedRWSet();
        hashed.setHashedWritesList(
            sortByKey(collection.writes).map((write) => {
                const hash = new kvrwset.KVWriteHash();
                hash.setKeyHash(sha256(Buffer.from(write.key, 'utf8')));
                hash.setValueHash(sha256(write.value));
                return hash;
            }),
        );
        const collectionHashed = new ledger.rwset.CollectionHashedReadWriteSet();
        collectionHashed.setCollectionName(collection.name);
        collectionHashed.setHashedRwset(hashed.serializeBinary());
        collectionHashed.setPvtRwsetHash(sha256(privateBytes));
        ns.addCollectionHashedRwset(collectionHashed);

        const collectionPrivate = new ledger.rwset.CollectionPvtReadWriteSet();
        collectionPrivate.setCollectionName(collection.name);
        collectionPrivate.setRwset(privateBytes);
        privateNs.addCollectionPvtRwset(collectionPrivate);
    }

    const tx = new ledger.rwset.TxReadWriteSet();
    tx.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    tx.setNsRwsetList([ns]);
    if (collections.length === 0) {
        return { results: tx.serializeBinary() };
    }
    const privateTx = new ledger.rwset.TxPvtReadWriteSet();
    privateTx.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    privateTx.setNsPvtRwsetList([privateNs]);
    return { results: tx.serializeBinary(), privateRwset: privateTx.serializeBinary() };
}

/** What an encoded `TxReadWriteSet` says, collections as hex hashes. */
export interface DecodedRwset {
    namespace: string;
    reads: ReadSpec[];
    writes: WriteSpec[];
    metadataWrites: MetadataWriteSpec[];
    collections: { name: string; writes: { keyHash: string; valueHash: string }[]; privateRwsetHash: string }[];
}

/** Decodes `TxReadWriteSet` bytes back into one entry per namespace. */
export function decodeRwset(results: Uint8Array): DecodedRwset[] {
    return ledger.rwset.TxReadWriteSet.deserializeBinary(results)
        .getNsRwsetList()
        .map((ns) => {
            const kv = kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8());
            return {
                namespace: ns.getNamespace(),
                reads: kv.getReadsList().map((read) => {
                    const version = read.getVersion();
                    return {
                        key: read.getKey(),
                        ...(version === undefined
                            ? {}
                            : { version: { blockNum: version.getBlockNum(), txNum: version.getTxNum() } }),
                    };
                }),
                writes: kv.getWritesList().map((write) => ({
                    key: write.getKey(),
                    ...(write.getIsDelete() ? { isDelete: true } : { value: write.getValue_asU8() }),
                })),
                metadataWrites: kv.getMetadataWritesList().map((write) => ({
                    key: write.getKey(),
                    entries: write.getEntriesList().map((entry) => ({
                        name: entry.getName(),
                        value: entry.getValue_asU8(),
                    })),
                })),
                collections: ns.getCollectionHashedRwsetList().map((collection) => ({
                    name: collection.getCollectionName(),
                    writes: kvrwset.HashedRWSet.deserializeBinary(collection.getHashedRwset_asU8())
                        .getHashedWritesList()
                        .map((write) => ({
                            keyHash: Buffer.from(write.getKeyHash_asU8()).toString('hex'),
                            valueHash: Buffer.from(write.getValueHash_asU8()).toString('hex'),
                        })),
                    privateRwsetHash: Buffer.from(collection.getPvtRwsetHash_asU8()).toString('hex'),
                })),
            };
        });
}

function toRead(spec: ReadSpec): InstanceType<typeof kvrwset.KVRead> {
    const read = new kvrwset.KVRead();
    read.setKey(spec.key);
    if (spec.version !== undefined) {
        const version = new kvrwset.Version();
        version.setBlockNum(spec.version.blockNum);
        version.setTxNum(spec.version.txNum);
        read.setVersion(version);
    }
    return read;
}

function toWrite(spec: WriteSpec): InstanceType<typeof kvrwset.KVWrite> {
    const write = new kvrwset.KVWrite();
    write.setKey(spec.key);
    if (spec.isDelete === true) {
        write.setIsDelete(true);
    } else {
        write.setValue(spec.value ?? new Uint8Array());
    }
    return write;
}

function toMetadataWrite(spec: MetadataWriteSpec): InstanceType<typeof kvrwset.KVMetadataWrite> {
    const write = new kvrwset.KVMetadataWrite();
    write.setKey(spec.key);
    write.setEntriesList(
        spec.entries.map((entry) => {
            const metadata = new kvrwset.KVMetadataEntry();
            metadata.setName(entry.name);
            metadata.setValue(entry.value);
            return metadata;
        }),
    );
    return write;
}

function sortByKey<T extends { key: string }>(items: readonly T[]): T[] {
    return [...items].sort((a, b) => compare(a.key, b.key));
}

function compare(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
