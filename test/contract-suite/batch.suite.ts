import { expect } from 'chai';
import { z } from 'zod';
import { EVENT_NAMES, LIMITS, batchMessageId, messageRecordSchema, type Packet } from '@spindle/chaincode/protocol';
import { batchTransient, packetTransient } from '../support/packet-client';
import { adminOf, edgeOf, machineIdentity, operatorOf } from './fixture';
import type { IdentitySpec } from './harness';
import { expectEvent, parseAnswer, type SuiteWorld } from './suite-world';
import { TX } from './transactions';

const records = z.array(messageRecordSchema);

/** Batched deliveries (release 1.4): many packets, each signed by its machine, in one transaction. */
export function describeBatch(world: () => SuiteWorld): void {
    const cardingA1 = machineIdentity('carding-a1');

    function sendBatch(identity: IdentitySpec, packets: readonly Packet[] | Uint8Array) {
        return world().submit(identity, TX.communication.sendBatch, [], batchTransient(packets));
    }

    /** Packets from `senderId`, to drawing-b1 and comber-c1 by turns. */
    async function packets(senderId: string, count: number): Promise<Packet[]> {
        const receivers = ['drawing-b1', 'comber-c1'];
        const made: Packet[] = [];
        for (let index = 0; index < count; index += 1) {
            made.push(
                await world().packet({ senderId, receiverId: receivers[index % 2] ?? 'drawing-b1', type: 'upload' }),
            );
        }
        return made;
    }

    /** Asserts a refusal with `code` whose message names packet `index`. */
    async function refusesAt(
        code: Parameters<SuiteWorld['refuses']>[0],
        index: number,
        action: () => Promise<unknown>,
    ) {
        let message = '';
        await world().refuses(code, () =>
            action().catch((error: unknown) => {
                message = error instanceof Error ? error.message : String(error);
                throw error;
            }),
        );
        expect(message).to.contain(`packet ${index} of the batch`);
    }

    describe('Communication: batched deliveries', function () {
        before(async function () {
            await world().activate('carding-a1', 'carding-a2', 'drawing-b1', 'comber-c1');
        });

        it("puts every packet of a batch into its receiver's inbox, its sender's outbox and the public records", async function () {
            const batch = await packets('carding-a1', 5);
            const result = await sendBatch(cardingA1, batch);
            const ids = batch.map((_, index) => batchMessageId(result.transactionId, index));
            const answer = parseAnswer(records, result.payload);
            expect(answer.map((record) => record.messageId)).to.deep.equal(ids);
            expectEvent(result, EVENT_NAMES.messagesSent, {
                messages: batch.map((packet, index) => ({
                    messageId: ids[index] ?? '',
                    senderId: packet.senderId,
                    receiverId: packet.receiverId,
                })),
            });
            for (const [index, packet] of batch.entries()) {
                const messageId = ids[index] ?? '';
                const receiver = machineIdentity(packet.receiverId);
                const inbox = await world().readMailbox(receiver, packet.receiverId, 'inbox', messageId);
                expect(inbox.packet).to.deep.equal(packet);
                const outbox = await world().readMailbox(cardingA1, 'carding-a1', 'outbox', messageId);
                expect(outbox.packet).to.deep.equal(packet);
                const record = await world().evaluateFor(
                    messageRecordSchema,
                    operatorOf('MillC'),
                    TX.communication.getMessage,
                    [messageId],
                );
                expect(record.receiverId).to.equal(packet.receiverId);
            }
        });

        it("lets a mill's edge deliver packets of several of its machines, each signed by its machine", async function () {
            const batch = [...(await packets('carding-a1', 2)), ...(await packets('carding-a2', 2))];
            const result = await sendBatch(edgeOf('MillA'), batch);
            const messageId = batchMessageId(result.transactionId, 3);
            const outbox = await world().readMailbox(adminOf('MillA'), 'carding-a2', 'outbox', messageId);
            expect(outbox.packet).to.deep.equal(batch[3]);
        });

        it('refuses the whole batch SIGNATURE_INVALID, naming the packet, when one is signed by another key', async function () {
            const batch = await packets('carding-a1', 3);
            const forged = await world().packet(
                { senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' },
                machineIdentity('carding-a2'),
            );
            await refusesAt('SIGNATURE_INVALID', 2, () => sendBatch(edgeOf('MillA'), [...batch.slice(0, 2), forged]));
            // Nothing was half written: the good packets go through afterwards.
            await sendBatch(cardingA1, batch);
        });

        it('refuses a nonce used twice inside one batch REPLAYED', async function () {
            const [first] = await packets('carding-a1', 1);
            const again = await world().packet({
                senderId: 'carding-a1',
                receiverId: 'comber-c1',
                type: 'download',
                nonce: first?.nonce,
            });
            await refusesAt('REPLAYED', 1, () => sendBatch(cardingA1, [first as Packet, again]));
        });

        it('refuses a batch carrying a packet delivered before REPLAYED, and a batch sent again', async function () {
            const batch = await packets('carding-a1', 2);
            await world().submit(cardingA1, TX.communication.send, [], packetTransient(batch[1] as Packet));
            await refusesAt('REPLAYED', 1, () => sendBatch(cardingA1, batch));
            const fresh = await packets('carding-a1', 2);
            await sendBatch(cardingA1, fresh);
            await refusesAt('REPLAYED', 0, () => sendBatch(edgeOf('MillA'), fresh));
        });

        it("refuses an edge a packet of another mill's machine NOT_AUTHORIZED", async function () {
            const own = await packets('carding-a1', 1);
            const foreign = await world().packet({ senderId: 'drawing-b1', receiverId: 'carding-a1', type: 'upload' });
            await refusesAt('NOT_AUTHORIZED', 1, () => sendBatch(edgeOf('MillA'), [...own, foreign]));
        });

        it("refuses a machine another machine's packet, and an edge a single send, NOT_AUTHORIZED", async function () {
            const other = await packets('carding-a2', 1);
            await refusesAt('NOT_AUTHORIZED', 0, () => sendBatch(cardingA1, other));
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(edgeOf('MillA'), TX.communication.send, [], packetTransient(other[0] as Packet)),
            );
        });

        it('refuses other roles and query packets', async function () {
            const batch = await packets('carding-a1', 1);
            await refusesAt('NOT_AUTHORIZED', 0, () => sendBatch(operatorOf('MillA'), batch));
            await refusesAt('NOT_AUTHORIZED', 0, () => sendBatch(adminOf('MillA'), batch));
            const query = await world().packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'query' });
            await refusesAt('INVALID_ARGUMENT', 0, () => sendBatch(cardingA1, [query]));
        });

        it('refuses more packets, or more bytes, than a batch holds PAYLOAD_TOO_LARGE', async function () {
            const one = (await packets('carding-a1', 1))[0] as Packet;
            const tooMany = Array.from({ length: LIMITS.batchPacketsMax + 1 }, () => one);
            await world().refuses('PAYLOAD_TOO_LARGE', () => sendBatch(cardingA1, tooMany));
            const tooLarge = new Uint8Array(LIMITS.batchBytes + 1).fill(0x20);
            await world().refuses('PAYLOAD_TOO_LARGE', () => sendBatch(cardingA1, tooLarge));
        });

        it('refuses an empty or malformed batch PACKET_INCOMPLETE, naming the incomplete packet', async function () {
            await world().refuses('PACKET_INCOMPLETE', () => sendBatch(cardingA1, []));
            const [good] = await packets('carding-a1', 1);
            const broken = { ...(good as Packet), inspection: '0'.repeat(64) };
            await refusesAt('PACKET_INCOMPLETE', 1, () => sendBatch(cardingA1, [good as Packet, broken]));
        });
    });
}
