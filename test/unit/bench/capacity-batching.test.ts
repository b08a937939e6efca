import { expect } from 'chai';
import { type BatchSubmit, type Delivery, batchingSender } from '@spindle/bench';

const machine = (machineId: string, mspId: string) => ({ machineId, mspId }) as unknown as Delivery['sender'];
const delivery = (sender: Delivery['sender']): Delivery => ({
    sender,
    receiver: machine('r', 'B'),
    type: 'upload',
    bytes: 10,
});

describe('the batched delivery sender', function () {
    it("holds one machine's deliveries for the window and sends them as one batch, each getting its outcome", async function () {
        const batches: string[][] = [];
        const submit: BatchSubmit = (deliveries) => {
            batches.push(deliveries.map((item) => item.sender.machineId));
            return Promise.resolve('VALID');
        };
        const sender = batchingSender({ windowMs: 30, maxPackets: 50, scope: 'machine', submit });
        const a = machine('a', 'A');
        const b = machine('b', 'A');
        const outcomes = await Promise.all([
            sender.deliver(delivery(a)),
            sender.deliver(delivery(b)),
            sender.deliver(delivery(a)),
        ]);
        expect(outcomes).to.deep.equal(['VALID', 'VALID', 'VALID']);
        expect(batches.map((batch) => batch.join(',')).sort()).to.deep.equal(['a,a', 'b']);
    });

    it("groups a mill's machines together for an edge box, and sends a full batch at once", async function () {
        const batches: number[] = [];
        const sender = batchingSender({
            windowMs: 10_000,
            maxPackets: 2,
            scope: 'mill',
            submit: (deliveries) => {
                batches.push(deliveries.length);
                return Promise.resolve('VALID');
            },
        });
        const started = Date.now();
        await Promise.all([sender.deliver(delivery(machine('a', 'A'))), sender.deliver(delivery(machine('b', 'A')))]);
        expect(batches).to.deep.equal([2]);
        expect(Date.now() - started).to.be.lessThan(5_000);
    });

    it("gives every delivery of a failed batch the failure's code, and flushes what it holds on close", async function () {
        const sender = batchingSender({
            windowMs: 10_000,
            maxPackets: 50,
            scope: 'machine',
            submit: () => Promise.reject(Object.assign(new Error('RATE_LIMITED: too fast'), { code: 'RATE_LIMITED' })),
        });
        const pending = [sender.deliver(delivery(machine('a', 'A'))), sender.deliver(delivery(machine('a', 'A')))];
        await sender.close();
        expect(await Promise.all(pending)).to.deep.equal(['RATE_LIMITED', 'RATE_LIMITED']);
    });
});
