import { expect } from 'chai';
import {
    LIMITS,
    messageRecordSchema,
    pruneResultSchema,
    type Packet,
    type PruneResult,
} from '@spindle/chaincode/protocol';
import { WATERMARK_LAG_MS } from '@spindle/chaincode/domain';
import { machineIdentity, operatorOf } from '../../contract-suite/fixture';
import { SuiteWorld } from '../../contract-suite/suite-world';
import { TX } from '../../contract-suite/transactions';
import { packetTransient } from '../../support/packet-client';
import { createCompositeKey, splitCompositeKey } from '../support/fabric-stub';
import { StubHarness } from '../support/stub-harness';

const MINUTE = 60_000;
const PRUNE = 'Housekeeping:prune';

describe('pruning nonces and rate-limit slots', function () {
    let harness: StubHarness;
    let world: SuiteWorld;

    beforeEach(async function () {
        harness = new StubHarness();
        world = new SuiteWorld(harness);
        await world.activate('carding-a1', 'drawing-b1', 'comber-c1');
    });

    /** The time the next transaction carries. */
    function nextTxTime(): number {
        return harness.ledger.nextTimestamp().getTime();
    }

    /** Sets the next transaction's timestamp, as a client (and peers' clocks) stamping it so would. */
    function stampNextAt(ms: number): void {
        harness.ledger.advanceClock(ms - nextTxTime());
    }

    async function deliver(packet: Packet, senderId = packet.senderId) {
        return harness.submit(machineIdentity(senderId), TX.communication.send, [], packetTransient(packet));
    }

    async function sendFresh(senderId = 'carding-a1'): Promise<Packet> {
        const packet = await world.packet({ senderId, receiverId: 'drawing-b1', type: 'upload' });
        await deliver(packet);
        return packet;
    }

    async function prune(maxKeys?: number): Promise<PruneResult> {
        const { payload } = await harness.submit(operatorOf('MillB'), PRUNE, [
            JSON.stringify(maxKeys === undefined ? {} : { maxKeys }),
        ]);
        return pruneResultSchema.parse(JSON.parse(Buffer.from(payload).toString('utf8')));
    }

    /** The committed keys of one object type, in key order. */
    function keysOf(type: 'nonce-at' | 'rate-slot-at' | 'message'): string[][] {
        const prefix = createCompositeKey(type, []);
        return harness.ledger
            .publicRange(prefix, `${prefix}\u{10FFFF}`)
            .map(([key]) => splitCompositeKey(key).attributes);
    }

    function storedNonces(): string[] {
        return keysOf('nonce-at').map(([, , nonce]) => nonce ?? '');
    }

    /**
     * An old delivery, then traffic twenty minutes later (the ledger's evidence of the time), then
     * a delivery inside the freshness window, then the prune.
     */
    async function oldTrafficThenPrune(): Promise<{ old: Packet; recent: Packet; fresh: Packet; result: PruneResult }> {
        const old = await sendFresh();
        harness.ledger.advanceClock(20 * MINUTE);
        const recent = await sendFresh();
        harness.ledger.advanceClock(3 * MINUTE);
        const fresh = await sendFresh();
        return { old, recent, fresh, result: await prune() };
    }

    it('deletes the nonces and rate-limit slots of old buckets and keeps those inside the window', async function () {
        const { old, recent, fresh, result } = await oldTrafficThenPrune();
        expect(storedNonces()).to.not.include(old.nonce);
        expect(storedNonces()).to.include.members([recent.nonce, fresh.nonce]);
        expect(result.deletedNonces).to.be.greaterThan(0);
        expect(result.deletedRateSlots).to.be.greaterThan(0);
        expect(result.more).to.equal(false);
        const watermark = Date.parse(result.prunedBefore ?? '');
        expect(watermark).to.be.greaterThan(Date.parse(old.timestamp));
        const slotBuckets = keysOf('rate-slot-at').map(([bucket]) => Number(bucket) * LIMITS.pruneBucketMs);
        // The old delivery's slot (its transaction was stamped with the packet's time) is gone.
        expect(Math.min(...slotBuckets)).to.be.greaterThan(Date.parse(old.timestamp));
        // Every slot left is within reach of a delivery the watermark still accepts.
        expect(Math.min(...slotBuckets)).to.be.at.least(watermark - LIMITS.packetMaxSkewMs - LIMITS.pruneBucketMs);
        // The delivery inside the window still has its nonce: a replay of it is refused.
        await world.refuses('REPLAYED', () => deliver(fresh));
    });

    it("deletes each pruned delivery's public message record with its nonce, and getMessage still answers it from the key's history", async function () {
        const old = await sendFresh();
        const { payload } = await deliver(
            await world.packet({ senderId: 'comber-c1', receiverId: 'drawing-b1', type: 'upload' }),
        );
        const oldRecord = messageRecordSchema.parse(JSON.parse(Buffer.from(payload).toString('utf8')));
        const recordsBefore = keysOf('message').length;
        harness.ledger.advanceClock(20 * MINUTE);
        const recent = await deliver(
            await world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' }),
        );
        const recentRecord = messageRecordSchema.parse(JSON.parse(Buffer.from(recent.payload).toString('utf8')));
        harness.ledger.advanceClock(3 * MINUTE);
        const result = await prune();
        expect(storedNonces()).to.not.include(old.nonce);
        expect(result.deletedNonces).to.equal(2);
        const records = keysOf('message').map(([messageId]) => messageId);
        expect(records).to.have.length(recordsBefore + 1 - 2);
        expect(records).to.include(recentRecord.messageId).and.not.include(oldRecord.messageId);
        const answered = await world.evaluateFor(
            messageRecordSchema,
            operatorOf('MillC'),
            TX.communication.getMessage,
            [oldRecord.messageId],
        );
        expect(answered).to.deep.equal(oldRecord);
    });

    it('refuses a replay of a pruned packet EXPIRED even when its transaction is stamped to pass the freshness window', async function () {
        const { old, result } = await oldTrafficThenPrune();
        expect(storedNonces()).to.not.include(old.nonce);
        // The replayer stamps its proposal a second after the old packet, as if it were new.
        stampNextAt(Date.parse(old.timestamp) + 1000);
        await world.refuses('EXPIRED', () => deliver(old));
        expect(Date.parse(old.timestamp)).to.be.lessThan(Date.parse(result.prunedBefore ?? ''));
    });

    it('accepts a packet stamped at the watermark, keeps its nonce (REPLAYED) and refuses it EXPIRED once a later prune passes it', async function () {
        const { result } = await oldTrafficThenPrune();
        const watermark = Date.parse(result.prunedBefore ?? '');
        stampNextAt(watermark);
        const edge = await world.packet({
            senderId: 'comber-c1',
            receiverId: 'drawing-b1',
            type: 'upload',
            timestamp: new Date(watermark),
        });
        await deliver(edge);
        await prune();
        expect(storedNonces()).to.include(edge.nonce);
        await world.refuses('REPLAYED', () => deliver(edge));
        harness.ledger.advanceClock(30 * MINUTE);
        await sendFresh();
        harness.ledger.advanceClock(3 * MINUTE);
        const second = await prune();
        expect(Date.parse(second.prunedBefore ?? '')).to.be.greaterThan(watermark);
        stampNextAt(watermark + 1000);
        await world.refuses('EXPIRED', () => deliver(edge));
    });

    it('does not let a pruner stamping its proposal in the future move the watermark past the ledger-observed bound', async function () {
        await sendFresh();
        const lastDelivery = nextTxTime();
        await sendFresh();
        for (const ahead of [5 * MINUTE, 365 * 24 * 60 * MINUTE]) {
            const now = nextTxTime();
            stampNextAt(now + ahead);
            const result = await prune();
            expect(result.prunedBefore).to.be.a('string');
            expect(Date.parse(result.prunedBefore ?? '')).to.be.at.most(lastDelivery - WATERMARK_LAG_MS);
            // Back at the real time, a fresh packet is still delivered.
            stampNextAt(now + 1000);
            await sendFresh('comber-c1');
        }
    });

    it('deletes at most maxKeys keys a call, oldest first, and resumes until nothing old is left', async function () {
        for (let count = 0; count < 6; count += 1) {
            await sendFresh(count % 2 === 0 ? 'carding-a1' : 'comber-c1');
        }
        const oldNonces = keysOf('nonce-at');
        harness.ledger.advanceClock(20 * MINUTE);
        await sendFresh();
        harness.ledger.advanceClock(3 * MINUTE);
        const first = await prune(4);
        expect(first).to.include({ deletedNonces: 4, deletedRateSlots: 0, more: true });
        expect(keysOf('nonce-at').slice(0, oldNonces.length - 4)).to.deep.equal(oldNonces.slice(4));
        const calls = [first];
        while (calls.at(-1)?.more === true) {
            calls.push(await prune(4));
        }
        const deleted = calls.reduce((sum, call) => sum + call.deletedNonces + call.deletedRateSlots, 0);
        expect(calls.every((call) => call.deletedNonces + call.deletedRateSlots <= 4)).to.equal(true);
        expect(deleted).to.equal(oldNonces.length * 2);
        expect(keysOf('nonce-at')).to.have.length(1);
        expect(new Set(calls.map((call) => call.prunedBefore)).size).to.equal(1);
    });

    it('fails a delivery endorsed under the old watermark once a prune moved it (MVCC), so no nonce lands below it', async function () {
        await sendFresh();
        harness.ledger.advanceClock(20 * MINUTE);
        await sendFresh();
        harness.ledger.advanceClock(3 * MINUTE);
        const packet = await world.packet({ senderId: 'comber-c1', receiverId: 'drawing-b1', type: 'upload' });
        const endorsed = await harness.endorse(
            machineIdentity('comber-c1'),
            TX.communication.send,
            [],
            packetTransient(packet),
        );
        await prune();
        expect(harness.commitBlock([endorsed])).to.deep.equal(['MVCC_READ_CONFLICT']);
    });

    it('lets two mills prune the same keys at once: the later commit fails MVCC and writes nothing, and the next turn resumes', async function () {
        for (let count = 0; count < 6; count += 1) {
            await sendFresh(count % 2 === 0 ? 'carding-a1' : 'comber-c1');
        }
        const oldKeys = keysOf('nonce-at').length + keysOf('rate-slot-at').length;
        harness.ledger.advanceClock(20 * MINUTE);
        await sendFresh();
        harness.ledger.advanceClock(3 * MINUTE);
        const request = [JSON.stringify({ maxKeys: 4 })];
        const millA = await harness.endorse(operatorOf('MillA'), PRUNE, request);
        const millB = await harness.endorse(operatorOf('MillB'), PRUNE, request);
        const afterMillA = pruneResultSchema.parse(JSON.parse(Buffer.from(millA.payload).toString('utf8')));
        expect(harness.commitBlock([millA, millB])).to.deep.equal(['VALID', 'MVCC_READ_CONFLICT']);
        const left = keysOf('nonce-at').length + keysOf('rate-slot-at').length;
        expect(left).to.equal(oldKeys + 2 - afterMillA.deletedNonces - afterMillA.deletedRateSlots);
        // MillB's job tries again on its next turn, from the committed state: nothing is deleted twice.
        const calls = [await prune(4)];
        while (calls.at(-1)?.more === true) {
            calls.push(await prune(4));
        }
        const deletedAfter = calls.reduce((sum, call) => sum + call.deletedNonces + call.deletedRateSlots, 0);
        expect(afterMillA.deletedNonces + afterMillA.deletedRateSlots + deletedAfter).to.equal(oldKeys);
        expect(keysOf('nonce-at')).to.have.length(1);
        expect(calls.at(-1)?.prunedBefore).to.equal(afterMillA.prunedBefore);
    });

    it('refuses a machine identity NOT_AUTHORIZED and an out-of-range maxKeys INVALID_ARGUMENT', async function () {
        await world.refuses('NOT_AUTHORIZED', () => harness.submit(machineIdentity('carding-a1'), PRUNE, ['{}']));
        await world.refuses('INVALID_ARGUMENT', () =>
            harness.submit(operatorOf('MillA'), PRUNE, [JSON.stringify({ maxKeys: LIMITS.pruneKeysMax + 1 })]),
        );
    });
});
