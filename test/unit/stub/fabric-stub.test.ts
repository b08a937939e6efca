import '../support/quiet-fabric-logs';
import { expect } from 'chai';
import { ChaincodeStub } from 'fabric-shim';
import { InMemoryLedger, StubTransaction, type SimulatedTransaction } from '../support/fabric-stub';

const MEMBER = { mspId: 'MillAMSP', certificatePem: '' };
const OUTSIDER = { mspId: 'MillBMSP', certificatePem: '' };
const bytes = (text: string) => Buffer.from(text, 'utf8');
const text = (value: Uint8Array) => Buffer.from(value).toString('utf8');

function newLedger(): InMemoryLedger {
    return new InMemoryLedger({
        collections: [
            { name: 'machine-carding-a1', memberMspIds: ['MillAMSP'], memberOnlyRead: true, memberOnlyWrite: false },
        ],
    });
}

function transaction(ledger: InMemoryLedger, creator = MEMBER): StubTransaction {
    return new StubTransaction(ledger, { creator, functionName: 'Test:run', args: [], transient: new Map() });
}

/** Runs `body` as one transaction and commits it. */
async function commit(
    ledger: InMemoryLedger,
    body: (stub: StubTransaction) => Promise<void>,
    creator = MEMBER,
): Promise<SimulatedTransaction> {
    const stub = transaction(ledger, creator);
    await body(stub);
    expect(ledger.commit(stub.simulation)).to.equal('VALID');
    return stub.simulation;
}

async function keysOf(iterable: AsyncIterable<{ key: string }>): Promise<string[]> {
    const keys: string[] = [];
    for await (const { key } of iterable) {
        keys.push(key);
    }
    return keys;
}

async function rejection(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (error) {
        return error instanceof Error ? error.message : String(error);
    }
    return expect.fail('expected a rejection');
}

describe('the in-memory Fabric stub', function () {
    it("builds and splits composite keys exactly as fabric-shim's ChaincodeStub", function () {
        const stub = transaction(newLedger());
        for (const [type, attributes] of [
            ['machine', ['carding-a1']],
            ['nonce', ['carding-a1', 'abc_DEF-123']],
            ['chain-head', []],
        ] as const) {
            const key = stub.createCompositeKey(type, [...attributes]);
            expect(key).to.equal(ChaincodeStub.prototype.createCompositeKey.call({}, type, [...attributes]));
            expect(stub.splitCompositeKey(key)).to.deep.equal(ChaincodeStub.prototype.splitCompositeKey.call({}, key));
        }
    });

    it('reads a missing key as an empty byte array', async function () {
        const value = await transaction(newLedger()).getState('nothing');
        expect(value).to.be.instanceOf(Uint8Array);
        expect(value.length).to.equal(0);
    });

    it('does not show a transaction its own writes, and shows them to the next one once committed', async function () {
        const ledger = newLedger();
        await commit(ledger, async (stub) => {
            await stub.putState('k', bytes('v'));
            expect((await stub.getState('k')).length).to.equal(0);
        });
        expect(text(await transaction(ledger).getState('k'))).to.equal('v');
    });

    it('treats an empty value as a delete', async function () {
        const ledger = newLedger();
        await commit(ledger, (stub) => stub.putState('k', bytes('v')));
        await commit(ledger, (stub) => stub.putState('k', new Uint8Array()));
        expect((await transaction(ledger).getState('k')).length).to.equal(0);
    });

    it('scans ranges in UTF-8 byte order, as LevelDB does', async function () {
        const ledger = newLedger();
        const keys = ['b', 'a', '\uffff', '\u{1f600}', 'ab'];
        await commit(ledger, async (stub) => {
            for (const key of keys) {
                await stub.putState(key, bytes(key));
            }
        });
        expect(await keysOf(transaction(ledger).getStateByRange('', ''))).to.deep.equal([
            'a',
            'ab',
            'b',
            '\uffff',
            '\u{1f600}',
        ]);
        expect(await keysOf(transaction(ledger).getStateByRange('ab', '\uffff'))).to.deep.equal(['ab', 'b']);
    });

    it('scans a partial composite key without touching other types or simple keys', async function () {
        const ledger = newLedger();
        await commit(ledger, async (stub) => {
            for (const [type, id] of [
                ['lot', 'b'],
                ['lot', 'a'],
                ['lots', 'c'],
                ['machine', 'a'],
            ]) {
                await stub.putState(stub.createCompositeKey(type ?? '', [id ?? '']), bytes('x'));
            }
            await stub.putState('lot', bytes('simple'));
        });
        const stub = transaction(ledger);
        const keys = await keysOf(stub.getStateByPartialCompositeKey('lot', []));
        expect(keys.map((key) => stub.splitCompositeKey(key).attributes)).to.deep.equal([['a'], ['b']]);
    });

    it("pages with Fabric's bookmarks: the next key, empty after the last page", async function () {
        const ledger = newLedger();
        await commit(ledger, async (stub) => {
            for (const id of ['a', 'b', 'c', 'd', 'e']) {
                await stub.putState(stub.createCompositeKey('lot', [id]), bytes(id));
            }
        });
        const pages: string[][] = [];
        let bookmark = '';
        do {
            const { iterator, metadata } = await transaction(ledger).getStateByPartialCompositeKeyWithPagination(
                'lot',
                [],
                2,
                bookmark,
            );
            const page: string[] = [];
            for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
                page.push(text(next.value.value));
            }
            expect(metadata.fetchedRecordsCount).to.equal(page.length);
            pages.push(page);
            bookmark = metadata.bookmark;
        } while (bookmark !== '');
        expect(pages).to.deep.equal([['a', 'b'], ['c', 'd'], ['e']]);
    });

    it('makes a transaction read-only after a paginated query, and refuses one after a write', async function () {
        const stub = transaction(newLedger());
        await stub.getStateByPartialCompositeKeyWithPagination('lot', [], 1, '');
        expect(await rejection(stub.putState('k', bytes('v')))).to.match(/paginated query. Writes are not allowed/);
        const writer = transaction(newLedger());
        await writer.putState('k', bytes('v'));
        expect(await rejection(writer.getStateByRangeWithPagination('a', 'z', 1))).to.match(
            /only in a read-only transaction/,
        );
    });

    it('makes a transaction read-only after a private range query', async function () {
        const stub = transaction(newLedger());
        await keysOf(stub.getPrivateDataByPartialCompositeKey('machine-carding-a1', 'inbox', []));
        expect(await rejection(stub.putPrivateData('machine-carding-a1', 'k', bytes('v')))).to.match(
            /queries on pvt data. Writes are not allowed/,
        );
    });

    it("refuses a private read by a creator outside the collection's members, but not a hash read", async function () {
        const ledger = newLedger();
        await commit(ledger, (stub) => stub.putPrivateData('machine-carding-a1', 'k', bytes('secret')), OUTSIDER);
        const outsider = transaction(ledger, OUTSIDER);
        expect(await rejection(outsider.getPrivateData('machine-carding-a1', 'k'))).to.match(
            /does not have read access/,
        );
        expect(await rejection(keysOf(outsider.getPrivateDataByRange('machine-carding-a1', '', '')))).to.match(
            /does not have read access/,
        );
        expect(Buffer.from(await outsider.getPrivateDataHash('machine-carding-a1', 'k')).toString('hex')).to.equal(
            '2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b',
        );
        expect(text(await transaction(ledger).getPrivateData('machine-carding-a1', 'k'))).to.equal('secret');
    });

    it('refuses any use of a collection the chaincode does not define', async function () {
        const stub = transaction(newLedger());
        expect(await rejection(stub.getPrivateDataHash('machine-nobody', 'k'))).to.match(/not defined/);
        expect(await rejection(stub.putPrivateData('machine-nobody', 'k', bytes('v')))).to.match(/not defined/);
    });

    it('keeps the history of a key newest first, deletes included, with transaction IDs and times', async function () {
        const ledger = newLedger();
        const first = await commit(ledger, (stub) => stub.putState('k', bytes('1')));
        const second = await commit(ledger, (stub) => stub.deleteState('k'));
        const changes: { txId: string; isDelete: boolean; seconds: unknown }[] = [];
        for await (const change of transaction(ledger).getHistoryForKey('k')) {
            changes.push({ txId: change.txId, isDelete: change.isDelete, seconds: change.timestamp.seconds });
        }
        expect(changes.map((change) => [change.txId, change.isDelete])).to.deep.equal([
            [second.transactionId, true],
            [first.transactionId, false],
        ]);
        expect(changes[1]?.seconds).to.equal(Math.floor(first.timestampMs / 1000));
    });

    it('keeps only the last event a transaction sets', function () {
        const stub = transaction(newLedger());
        stub.setEvent('First', bytes('1'));
        stub.setEvent('Second', bytes('2'));
        expect(stub.simulation.event?.name).to.equal('Second');
    });

    it('invalidates a transaction whose reads changed before it committed, writing nothing', async function () {
        const ledger = newLedger();
        const first = transaction(ledger);
        const second = transaction(ledger);
        for (const stub of [first, second]) {
            await stub.getState('counter');
            await stub.putState('counter', bytes(stub.getTxID()));
        }
        expect(ledger.commit(first.simulation)).to.equal('VALID');
        const digest = ledger.digest();
        expect(ledger.commit(second.simulation)).to.equal('MVCC_READ_CONFLICT');
        expect(ledger.digest()).to.equal(digest);
    });

    it('invalidates a range read that a concurrent insert changed (phantom read)', async function () {
        const ledger = newLedger();
        const reader = transaction(ledger);
        await keysOf(reader.getStateByPartialCompositeKey('lot', []));
        await reader.putState('summary', bytes('0 lots'));
        await commit(ledger, (stub) => stub.putState(stub.createCompositeKey('lot', ['a']), bytes('a')));
        expect(ledger.commit(reader.simulation)).to.equal('PHANTOM_READ_CONFLICT');
    });
});
