import { expect } from 'chai';
import { LIMITS, messageRecordSchema, type Packet } from '@spindle/chaincode/protocol';
import { batchRateSlotsToTry, rateSlotsToTry, rateWindowOf } from '@spindle/chaincode/domain';
import { machineIdentity } from '../../contract-suite/fixture';
import { SuiteWorld } from '../../contract-suite/suite-world';
import { TX } from '../../contract-suite/transactions';
import { batchTransient, packetTransient } from '../../support/packet-client';
import { StubHarness } from '../support/stub-harness';

describe('the per-machine rate limit', function () {
    describe('its slots', function () {
        it('tries rateProbesMax consecutive slots from the hint, wrapping at the end of the window', function () {
            const last = LIMITS.rateSlotsPerWindow - 1;
            const slots = rateSlotsToTry(last, 'a'.repeat(64)).map(Number);
            expect(slots).to.have.length(LIMITS.rateProbesMax);
            expect(slots.slice(0, 2)).to.deep.equal([last, 0]);
        });

        it('starts from the transaction hash without a hint, the same on every endorser', function () {
            const txId = 'b'.repeat(64);
            expect(rateSlotsToTry(undefined, txId)).to.deep.equal(rateSlotsToTry(undefined, txId));
            expect(rateSlotsToTry(undefined, txId)).to.not.deep.equal(rateSlotsToTry(undefined, 'c'.repeat(64)));
        });

        it('gives a batch every batch slot to try, named apart from the single-send slots', function () {
            const slots = batchRateSlotsToTry('d'.repeat(64));
            expect([...slots].sort()).to.deep.equal(
                Array.from({ length: LIMITS.batchSlotsPerWindow }, (_, index) => `b${String(index).padStart(3, '0')}`),
            );
            expect(slots.some((slot) => rateSlotsToTry(0, 'd'.repeat(64)).includes(slot))).to.equal(false);
        });

        it('puts two times of one window in one window and the next window apart', function () {
            const start = Date.UTC(2025, 2, 1, 8, 0, 0);
            const at = (ms: number) => new Date(start + ms).toISOString();
            expect(rateWindowOf(at(0))).to.equal(rateWindowOf(at(LIMITS.rateWindowMs - 1)));
            expect(rateWindowOf(at(0))).to.not.equal(rateWindowOf(at(LIMITS.rateWindowMs)));
        });
    });

    describe('on the stub', function () {
        let harness: StubHarness;
        let world: SuiteWorld;

        beforeEach(async function () {
            harness = new StubHarness();
            world = new SuiteWorld(harness);
            await world.activate('carding-a1', 'drawing-b1', 'comber-c1');
            // The stub's clock moves a second a transaction; start a fresh window.
            harness.ledger.advanceClock(LIMITS.rateWindowMs * 2);
        });

        /** Runs `action` at the same transaction time as the one before, so a burst stays in one window. */
        async function inSameWindow<T>(action: () => Promise<T>): Promise<T> {
            harness.ledger.advanceClock(-1000);
            return action();
        }

        it('refuses a machine past its slots of one window with RATE_LIMITED, while others still send', async function () {
            this.timeout(60_000);
            await world.send('carding-a1', 'drawing-b1');
            for (let sent = 1; sent < LIMITS.rateSlotsPerWindow; sent += 1) {
                await inSameWindow(() => world.send('carding-a1', 'drawing-b1'));
            }
            await world.refuses('RATE_LIMITED', () => inSameWindow(() => world.send('carding-a1', 'drawing-b1')));
            const other = await inSameWindow(() => world.send('comber-c1', 'drawing-b1'));
            expect(other.senderId).to.equal('comber-c1');
            harness.ledger.advanceClock(LIMITS.rateWindowMs);
            const next = await world.send('carding-a1', 'drawing-b1');
            expect(next.senderId).to.equal('carding-a1');
        });

        /** Endorses a batch of `count` uploads from `senderId` in the current window. */
        async function endorseBatch(senderId: string, count: number) {
            const packets: Packet[] = [];
            for (let index = 0; index < count; index += 1) {
                packets.push(await world.packet({ senderId, receiverId: 'drawing-b1', type: 'upload' }));
            }
            return inSameWindow(() =>
                harness.endorse(machineIdentity(senderId), TX.communication.sendBatch, [], batchTransient(packets)),
            );
        }

        function rateKeysWritten(endorsed: { simulation: { writes: { public: Map<string, unknown> } } }): number {
            return [...endorsed.simulation.writes.public.keys()].filter((key) => key.includes('rate-slot-at')).length;
        }

        it("takes one batch slot per sender and batch, and refuses its batches past the window's batch slots RATE_LIMITED", async function () {
            this.timeout(120_000);
            const full = await endorseBatch('carding-a1', LIMITS.batchPacketsMax);
            expect(rateKeysWritten(full), 'one rate key for 64 packets').to.equal(1);
            expect(harness.commitBlock([full])).to.deep.equal(['VALID']);
            for (let batch = 1; batch < LIMITS.batchSlotsPerWindow; batch += 1) {
                expect(harness.commitBlock([await endorseBatch('carding-a1', 2)])).to.deep.equal(['VALID']);
            }
            await world.refuses('RATE_LIMITED', () => endorseBatch('carding-a1', 1));
            const single = await inSameWindow(() => world.send('carding-a1', 'drawing-b1'));
            expect(single.senderId, 'single sends keep their own slots').to.equal('carding-a1');
            const other = await endorseBatch('comber-c1', 1);
            expect(harness.commitBlock([other])).to.deep.equal(['VALID']);
            harness.ledger.advanceClock(LIMITS.rateWindowMs);
            expect(harness.commitBlock([await endorseBatch('carding-a1', 1)])).to.deep.equal(['VALID']);
        });

        it('commits 48 concurrent deliveries of one machine in one block without a conflict', async function () {
            const endorsed = [];
            for (let index = 0; index < 48; index += 1) {
                const packet = await world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' });
                endorsed.push(
                    await inSameWindow(() =>
                        harness.endorse(
                            machineIdentity('carding-a1'),
                            TX.communication.send,
                            [],
                            packetTransient(packet),
                        ),
                    ),
                );
            }
            expect(harness.commitBlock(endorsed).filter((code) => code !== 'VALID')).to.deep.equal([]);
        });

        it('never lets two machines conflict, even on the same slot hint', async function () {
            const endorsed = [];
            for (const senderId of ['carding-a1', 'comber-c1']) {
                const packet = await world.packet({ senderId, receiverId: 'drawing-b1', type: 'upload', slot: 7 });
                endorsed.push(
                    await inSameWindow(() =>
                        harness.endorse(machineIdentity(senderId), TX.communication.send, [], packetTransient(packet)),
                    ),
                );
            }
            expect(harness.commitBlock(endorsed)).to.deep.equal(['VALID', 'VALID']);
        });

        it('takes the next free slot when the hinted one is taken', async function () {
            await world.submitFor(
                messageRecordSchema,
                machineIdentity('carding-a1'),
                TX.communication.send,
                [],
                packetTransient(
                    await world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload', slot: 3 }),
                ),
            );
            const again = await inSameWindow(async () =>
                world.submitFor(
                    messageRecordSchema,
                    machineIdentity('carding-a1'),
                    TX.communication.send,
                    [],
                    packetTransient(
                        await world.packet({
                            senderId: 'carding-a1',
                            receiverId: 'drawing-b1',
                            type: 'upload',
                            slot: 3,
                        }),
                    ),
                ),
            );
            expect(again.senderId).to.equal('carding-a1');
        });
    });
});
