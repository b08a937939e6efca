import { expect } from 'chai';
import type { Context } from 'fabric-contract-api';
import { putInArea } from '@spindle/chaincode/ledger';

/** The refusal of a Fabric 2.5 peer for a write into a collection its committed definition lacks. */
const NO_SUCH_COLLECTION = 'collection m2m/spindle/mill-MillBMSP could not be found';

/** A transaction context whose private writes succeed, or fail with `refusal` for the collections it names. */
function contextRefusing(refusals: Record<string, string>) {
    const writes: string[] = [];
    const tried: string[] = [];
    const stub = {
        createCompositeKey: (type: string, attributes: string[]) =>
            `\u0000${[type, ...attributes].join('\u0000')}\u0000`,
        putPrivateData: (collection: string, key: string) => {
            tried.push(collection);
            const refusal = refusals[collection];
            if (refusal !== undefined) {
                return Promise.reject(new Error(refusal));
            }
            writes.push(`${collection} ${key.split('\u0000').filter(Boolean).join('/')}`);
            return Promise.resolve();
        },
        getPrivateDataHash: () => Promise.reject(new Error('PROBED: the write path must not probe')),
    };
    return { ctx: { stub } as unknown as Context, writes, tried };
}

const VALUE = Uint8Array.of(1);

describe("a write into a machine's private area", function () {
    it("goes into its mill's collection without probing it first", async function () {
        const { ctx, writes } = contextRefusing({});
        await putInArea(ctx, 'drawing-b1', 'inbox', ['tx1'], VALUE);
        await putInArea(ctx, 'carding-a1', 'outbox', ['tx1'], VALUE);
        expect(writes).to.deep.equal(['mill-MillBMSP inbox/drawing-b1/tx1', 'mill-MillAMSP outbox/carding-a1/tx1']);
    });

    it("goes into the machine's own collection while the definition lacks the mill's, asking once per transaction", async function () {
        const { ctx, writes, tried } = contextRefusing({ 'mill-MillBMSP': NO_SUCH_COLLECTION });
        await putInArea(ctx, 'drawing-b1', 'inbox', ['tx1'], VALUE);
        await putInArea(ctx, 'drawing-b1', 'outbox', ['tx2'], VALUE);
        expect(writes).to.deep.equal(['machine-drawing-b1 inbox/tx1', 'machine-drawing-b1 outbox/tx2']);
        expect(tried).to.deep.equal(['mill-MillBMSP', 'machine-drawing-b1', 'machine-drawing-b1']);
    });

    it('passes on any other refusal and writes nowhere else', async function () {
        const refusal =
            'tx creator does not have write access permission on privatedata in chaincodeName:spindle collectionName: mill-MillBMSP';
        const { ctx, writes } = contextRefusing({ 'mill-MillBMSP': refusal });
        let thrown: unknown;
        try {
            await putInArea(ctx, 'drawing-b1', 'inbox', ['tx1'], VALUE);
        } catch (error) {
            thrown = error;
        }
        expect((thrown as Error).message).to.equal(refusal);
        expect(writes).to.deep.equal([]);
    });
});
