import { expect } from 'chai';
import {
    EVENT_NAMES,
    LIMITS,
    keyPoolEntrySchema,
    queryRecordSchema,
    sha256Hex,
    verifyPacketSignature,
    type Packet,
    type QueryRecord,
} from '@spindle/chaincode/protocol';
import { packetTransient } from '../support/packet-client';
import { adminOf, machineIdentity, operatorOf } from './fixture';
import type { IdentitySpec } from './harness';
import { expectEvent, parseAnswer, type SuiteWorld } from './suite-world';
import { TX } from './transactions';

/** QueryFlow: the nine steps of the paper's Figure 8, every branch. */
export function describeQueryFlow(world: () => SuiteWorld): void {
    const requester = machineIdentity('carding-a1');
    const responder = machineIdentity('comber-c1');

    function queryPacket(overrides: Partial<Parameters<SuiteWorld['packet']>[0]> = {}): Promise<Packet> {
        return world().packet({ senderId: 'carding-a1', receiverId: 'comber-c1', type: 'query', ...overrides });
    }

    function replyPacket(
        queryId: string,
        overrides: Partial<Parameters<SuiteWorld['packet']>[0]> = {},
    ): Promise<Packet> {
        return world().packet({
            senderId: 'comber-c1',
            receiverId: 'carding-a1',
            type: 'reply',
            inReplyTo: queryId,
            ...overrides,
        });
    }

    function request(packet: Packet | string, identity: IdentitySpec = requester) {
        return world().submit(identity, TX.queryFlow.request, [], packetTransient(packet));
    }

    function respond(packet: Packet | string, identity: IdentitySpec = responder) {
        return world().submit(identity, TX.queryFlow.respond, [], packetTransient(packet));
    }

    async function openQuery(): Promise<string> {
        return (await request(await queryPacket())).transactionId;
    }

    async function answeredQuery(): Promise<string> {
        const queryId = await openQuery();
        await respond(await replyPacket(queryId));
        return queryId;
    }

    function query(queryId: string): Promise<QueryRecord> {
        return world().evaluateFor(queryRecordSchema, operatorOf('MillB'), TX.queryFlow.getQuery, [queryId]);
    }

    describe('QueryFlow', function () {
        before(async function () {
            await world().activate('carding-a1', 'comber-c1', 'drawing-b1');
        });

        describe('a query answered', function () {
            let queryPacketSent: Packet;
            let queryId: string;
            let replySent: Packet;
            let replyMessageId: string;

            before(async function () {
                queryPacketSent = await queryPacket();
                const requested = await request(queryPacketSent);
                queryId = requested.transactionId;
                expectEvent(requested, EVENT_NAMES.queryRequested, {
                    queryId,
                    senderId: 'carding-a1',
                    receiverId: 'comber-c1',
                });
            });

            it("steps 1-4: delivers the query into the responder's private area and opens it", async function () {
                const entry = await world().readMailbox(responder, 'comber-c1', 'inbox', queryId);
                expect(entry.packet).to.deep.equal(queryPacketSent);
                expect(await query(queryId)).to.include({
                    status: 'REQUESTED',
                    requesterId: 'carding-a1',
                    responderId: 'comber-c1',
                    requestInspection: queryPacketSent.inspection,
                });
            });

            it("step 5: the responder verifies the requester's signature against the key pool", async function () {
                const keys = await world().evaluateFor(keyPoolEntrySchema, responder, TX.registry.getKeys, [
                    'carding-a1',
                ]);
                expect(verifyPacketSignature(queryPacketSent, keys.signingPublicKey)).to.equal(true);
            });

            it('steps 6-8: delivers the reply into the requester’s private area and marks the query ANSWERED', async function () {
                replySent = await replyPacket(queryId);
                const answered = await respond(replySent);
                replyMessageId = answered.transactionId;
                expectEvent(answered, EVENT_NAMES.queryAnswered, {
                    queryId,
                    replyMessageId,
                    senderId: 'comber-c1',
                    receiverId: 'carding-a1',
                });
                expect(parseAnswer(queryRecordSchema, answered.payload)).to.include({
                    status: 'ANSWERED',
                    replyMessageId,
                });
                const entry = await world().readMailbox(requester, 'carding-a1', 'inbox', replyMessageId);
                expect(entry.packet).to.deep.equal(replySent);
            });

            it("step 9: the requester verifies the responder's signature against the key pool", async function () {
                const keys = await world().evaluateFor(keyPoolEntrySchema, requester, TX.registry.getKeys, [
                    'comber-c1',
                ]);
                expect(verifyPacketSignature(replySent, keys.signingPublicKey)).to.equal(true);
            });

            it('refuses a second answer', async function () {
                await world().refuses('STATE_INVALID', async () => respond(await replyPacket(queryId)));
            });
        });

        describe('every branch', function () {
            it('step 2: refuses an incomplete query, which the requester then resends', async function () {
                const packet = await queryPacket();
                await world().refuses('PACKET_INCOMPLETE', () =>
                    request({ ...packet, inspection: sha256Hex('damaged') }),
                );
                const resent = await request(packet);
                expect((await query(resent.transactionId)).status).to.equal('REQUESTED');
            });

            it('step 3: fails a query to a machine that is not registered', async function () {
                await world().refuses('RECEIVER_UNKNOWN', async () =>
                    request(await queryPacket({ receiverId: 'spinner-x1' })),
                );
            });

            it('step 5: records a denial, tells the requester, and takes no reply after it', async function () {
                const queryId = await openQuery();
                const denied = await world().submit(responder, TX.queryFlow.deny, [
                    JSON.stringify({ queryId, reason: 'UNSUPPORTED_QUERY', detail: 'no such history' }),
                ]);
                expectEvent(denied, EVENT_NAMES.queryDenied, {
                    queryId,
                    senderId: 'comber-c1',
                    receiverId: 'carding-a1',
                });
                const record = await query(queryId);
                expect(record.status).to.equal('DENIED');
                expect(record.denial).to.include({ reason: 'UNSUPPORTED_QUERY', detail: 'no such history' });
                await world().refuses('STATE_INVALID', async () => respond(await replyPacket(queryId)));
            });

            it('refuses a denial by anyone but the responder', async function () {
                const queryId = await openQuery();
                for (const identity of [requester, adminOf('MillC'), machineIdentity('drawing-b1')]) {
                    await world().refuses('NOT_AUTHORIZED', () =>
                        world().submit(identity, TX.queryFlow.deny, [
                            JSON.stringify({ queryId, reason: 'OVERLOADED' }),
                        ]),
                    );
                }
            });

            it('step 7: refuses an incomplete reply, which the responder then resends', async function () {
                const queryId = await openQuery();
                const reply = await replyPacket(queryId);
                await world().refuses('PACKET_INCOMPLETE', () =>
                    respond(JSON.stringify({ ...reply, size: reply.size + 1 })),
                );
                await respond(reply);
                expect((await query(queryId)).status).to.equal('ANSWERED');
            });

            it('step 9: a rejected reply is asked for again and answered again', async function () {
                const queryId = await answeredQuery();
                const first = (await query(queryId)).replyMessageId;
                const rejected = await world().submit(requester, TX.queryFlow.rejectReply, [
                    JSON.stringify({ queryId, reason: 'DECRYPTION_FAILED' }),
                ]);
                expectEvent(rejected, EVENT_NAMES.replyRejected, {
                    queryId,
                    senderId: 'carding-a1',
                    receiverId: 'comber-c1',
                });
                const waiting = await query(queryId);
                expect(waiting.status).to.equal('REPLY_REJECTED');
                expect(waiting.rejections.map((rejection) => rejection.replyMessageId)).to.deep.equal([first]);
                const again = await respond(await replyPacket(queryId));
                expect(await query(queryId)).to.include({ status: 'ANSWERED', replyMessageId: again.transactionId });
            });

            it(`ends a query FAILED after ${LIMITS.queryRejectionsMax} rejections; it takes no more answers or rejections`, async function () {
                const queryId = await answeredQuery();
                const reject = () =>
                    world().submit(requester, TX.queryFlow.rejectReply, [
                        JSON.stringify({ queryId, reason: 'MALFORMED_REPLY' }),
                    ]);
                for (let round = 1; round < LIMITS.queryRejectionsMax; round += 1) {
                    await reject();
                    expect((await query(queryId)).status).to.equal('REPLY_REJECTED');
                    await respond(await replyPacket(queryId));
                }
                await reject();
                const failed = await query(queryId);
                expect(failed.status).to.equal('FAILED');
                expect(failed.failure?.code).to.equal('REJECTIONS_EXHAUSTED');
                expect(failed.rejections).to.have.length(LIMITS.queryRejectionsMax);
                await world().refuses('STATE_INVALID', async () => respond(await replyPacket(queryId)));
                await world().refuses('STATE_INVALID', reject);
            });

            it('refuses a rejection by the responder, or of a query not answered', async function () {
                const answered = await answeredQuery();
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(responder, TX.queryFlow.rejectReply, [
                        JSON.stringify({ queryId: answered, reason: 'MALFORMED_REPLY' }),
                    ]),
                );
                const open = await openQuery();
                await world().refuses('STATE_INVALID', () =>
                    world().submit(requester, TX.queryFlow.rejectReply, [
                        JSON.stringify({ queryId: open, reason: 'MALFORMED_REPLY' }),
                    ]),
                );
            });

            it('refuses a reply from a machine that was not asked', async function () {
                const queryId = await openQuery();
                const packet = await world().packet({
                    senderId: 'drawing-b1',
                    receiverId: 'carding-a1',
                    type: 'reply',
                    inReplyTo: queryId,
                });
                await world().refuses('NOT_AUTHORIZED', () => respond(packet, machineIdentity('drawing-b1')));
            });

            it('refuses a reply addressed to anyone but the requester', async function () {
                const queryId = await openQuery();
                await world().refuses('INVALID_ARGUMENT', async () =>
                    respond(await replyPacket(queryId, { receiverId: 'drawing-b1' })),
                );
            });

            it('refuses a reply with a forged signature', async function () {
                const queryId = await openQuery();
                const forged = await world().packet(
                    { senderId: 'comber-c1', receiverId: 'carding-a1', type: 'reply', inReplyTo: queryId },
                    machineIdentity('drawing-b1'),
                );
                await world().refuses('SIGNATURE_INVALID', () => respond(forged));
            });

            it('refuses a replayed query', async function () {
                const packet = await queryPacket();
                await request(packet);
                await world().refuses('REPLAYED', () => request(packet));
            });

            it('refuses a reply to a query that does not exist', async function () {
                await world().refuses('NOT_FOUND', async () => respond(await replyPacket(sha256Hex('no such query'))));
            });

            it('refuses a reply through request and a query through respond', async function () {
                const queryId = await openQuery();
                await world().refuses('INVALID_ARGUMENT', async () => request(await replyPacket(queryId), responder));
                await world().refuses('INVALID_ARGUMENT', async () => respond(await queryPacket(), requester));
            });

            it('answers NOT_FOUND for an unknown query and INVALID_ARGUMENT for a malformed ID', async function () {
                await world().refuses('NOT_FOUND', () =>
                    world().harness.evaluate(requester, TX.queryFlow.getQuery, [sha256Hex('none')]),
                );
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().harness.evaluate(requester, TX.queryFlow.getQuery, ['Q-1']),
                );
            });
        });
    });
}
