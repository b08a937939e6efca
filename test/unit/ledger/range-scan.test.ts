import { expect } from 'chai';
import { readToEnd } from '@spindle/chaincode/ledger';

import { ResultIterator } from '../support/fabric-stub/query-iterators';

const entry = (key: string) => ({ key, value: new Uint8Array([1]), namespace: 'spindle' });

describe('range scans read to the end', function () {
    it('answers every entry in order and sends no close after the last batch, which the peer already freed', async function () {
        const iterator = new ResultIterator([entry('a'), entry('b'), entry('c')]);
        const entries = await readToEnd(Promise.resolve(iterator));
        expect(entries.map((kv) => kv.key)).to.deep.equal(['a', 'b', 'c']);
        expect(iterator.closed).to.equal(false);
    });

    it('closes the iterator when reading fails part way, and passes the failure on', async function () {
        const iterator = new ResultIterator([entry('a')]);
        let calls = 0;
        const failing = Object.assign(iterator, {
            next: () => {
                calls += 1;
                return calls === 1
                    ? Promise.resolve({ value: entry('a'), done: false })
                    : Promise.reject(new Error('QUERY_STATE_NEXT failed'));
            },
        });
        let failure: unknown;
        await readToEnd(Promise.resolve(failing)).catch((error: unknown) => {
            failure = error;
        });
        expect(failure).to.be.instanceOf(Error);
        expect(iterator.closed).to.equal(true);
    });
});
