import { expect } from 'chai';
import {
    EVENT_NAMES,
    GENESIS_HASH,
    LIMITS,
    blockHash,
    blockHashRecordSchema,
    chainBlockSchema,
    chainHeadSchema,
    chainVerificationSchema,
    mailboxEntrySchema,
    merkleRoot,
    messageRecordSchema,
    pageSchema,
    sha256Hex,
    toPacketBytes,
    type Mailbox,
    type Packet,
    messageEntriesOf,
    TRANSIENT_BLOCK_SEALS,
    type SealEntry,
    toCanonicalBytes,
} from '@spindle/chaincode/protocol';
import { draftPacket, inspectPacket, packetTransient, signPacket } from '../support/packet-client';
import { adminOf, machineIdentity, operatorOf } from './fixture';
import type { IdentitySpec } from './harness';
import { entriesTransient, expectEvent, parseAnswer, type SuiteWorld } from './suite-world';
import { TX } from './transactions';

const mailboxPage = pageSchema(mailboxEntrySchema);

/** Communication: packets, private mailboxes and communication chains. */
export function describeCommunication(world: () => SuiteWorld): void {
    const cardingA1 = machineIdentity('carding-a1');
    const drawingB1 = machineIdentity('drawing-b1');

    function send(identity: IdentitySpec, packet: Packet | Uint8Array | string) {
        return world().submit(identity, TX.communication.send, [], packetTransient(packet));
    }

    async function upload(overrides: Partial<Parameters<SuiteWorld['packet']>[0]> = {}): Promise<Packet> {
        return world().packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload', ...overrides });
    }

    describe('Communication', function () {
        before(async function () {
            await world().activate('carding-a1', 'drawing-b1', 'comber-c1', 'lap-former-b1');
            await world().register('winder-a9');
        });

        describe('delivery', function () {
            let packet: Packet;
            let messageId: string;

            before(async function () {
                packet = await upload();
                const result = await send(cardingA1, packet);
                messageId = result.transactionId;
                expectEvent(result, EVENT_NAMES.messageSent, {
                    messageId,
                    senderId: 'carding-a1',
                    receiverId: 'drawing-b1',
                });
            });

            it("puts the packet into the receiver's inbox and the sender's outbox", async function () {
                const inbox = await world().readMailbox(drawingB1, 'drawing-b1', 'inbox', messageId);
                expect(inbox.packet).to.deep.equal(packet);
                const outbox = await world().readMailbox(cardingA1, 'carding-a1', 'outbox', messageId);
                expect(outbox.packet).to.deep.equal(packet);
            });

            it('keeps only IDs, type, sizes and hashes on the public record', async function () {
                const message = await world().evaluateFor(
                    messageRecordSchema,
                    operatorOf('MillC'),
                    TX.communication.getMessage,
                    [messageId],
                );
                expect(message).to.deep.equal({
                    messageId,
                    senderId: 'carding-a1',
                    receiverId: 'drawing-b1',
                    type: 'upload',
                    encryption: packet.encryption,
                    size: packet.size,
                    inspection: packet.inspection,
                    packetHash: sha256Hex(toPacketBytes(packet)),
                    sentAt: message.sentAt,
                });
            });

            it("lets the receiving mill's admin read the inbox", async function () {
                const entry = await world().readMailbox(adminOf('MillB'), 'drawing-b1', 'inbox', messageId);
                expect(entry.messageId).to.equal(messageId);
            });

            it('refuses a private read by another mill, another machine or the sender', async function () {
                for (const reader of [
                    adminOf('MillA'),
                    operatorOf('MillC'),
                    machineIdentity('lap-former-b1'),
                    cardingA1,
                ]) {
                    await world().refuses('NOT_AUTHORIZED', () =>
                        world().readMailbox(reader, 'drawing-b1', 'inbox', messageId),
                    );
                }
            });

            it('delivers packets of several senders to one receiver', async function () {
                const fromComber = await world().send('comber-c1', 'drawing-b1', 'download');
                const fromCarding = await world().send('carding-a1', 'drawing-b1');
                const page = await world().evaluateFor(mailboxPage, drawingB1, TX.communication.listMailbox, [
                    JSON.stringify({ machineId: 'drawing-b1', mailbox: 'inbox', pageSize: LIMITS.pageSizeMax }),
                ]);
                expect(page.items.map((entry) => entry.messageId)).to.include.members([
                    messageId,
                    fromComber.messageId,
                    fromCarding.messageId,
                ]);
            });

            it('lists a mailbox page by page', async function () {
                const seen: string[] = [];
                let bookmark = '';
                do {
                    const page = await world().evaluateFor(mailboxPage, drawingB1, TX.communication.listMailbox, [
                        JSON.stringify({ machineId: 'drawing-b1', mailbox: 'inbox', pageSize: 1, bookmark }),
                    ]);
                    expect(page.items.length).to.be.at.most(1);
                    seen.push(...page.items.map((entry) => entry.messageId));
                    bookmark = page.bookmark;
                } while (bookmark !== '');
                expect(seen.length).to.be.at.least(3);
                expect(seen).to.deep.equal([...seen].sort());
            });

            it('takes a refused packet once it is put right: a refusal uses up no nonce', async function () {
                const good = await upload();
                await world().refuses('PACKET_INCOMPLETE', () =>
                    send(cardingA1, { ...good, inspection: sha256Hex('other') }),
                );
                const result = await send(cardingA1, good);
                expect(result.transactionId).to.match(/^[0-9a-f]{64}$/);
            });
        });

        describe('hostile packets', function () {
            const cases: [string, Parameters<SuiteWorld['refuses']>[0], () => Promise<unknown>][] = [
                ['text that is not JSON', 'PACKET_INCOMPLETE', () => send(cardingA1, '{"senderId":"carding-a1",')],
                [
                    'no packet in the transient map',
                    'PACKET_INCOMPLETE',
                    () => world().submit(cardingA1, TX.communication.send),
                ],
                [
                    'a packet missing its nonce',
                    'PACKET_INCOMPLETE',
                    async () => {
                        const partial: Partial<Packet> = await upload();
                        delete partial.nonce;
                        return send(cardingA1, JSON.stringify(partial));
                    },
                ],
                [
                    'a packet with an unknown field',
                    'PACKET_INCOMPLETE',
                    async () => send(cardingA1, JSON.stringify({ ...(await upload()), priority: 'high' })),
                ],
                [
                    'a packet over the size cap',
                    'PAYLOAD_TOO_LARGE',
                    async () =>
                        send(
                            cardingA1,
                            JSON.stringify({ ...(await upload()), padding: 'x'.repeat(LIMITS.packetBytes) }),
                        ),
                ],
                [
                    'a payload over the size cap',
                    'PAYLOAD_TOO_LARGE',
                    async () => send(cardingA1, await upload({ payload: new Uint8Array(LIMITS.payloadBytes + 1) })),
                ],
                [
                    'a wrong inspection checksum',
                    'PACKET_INCOMPLETE',
                    async () => send(cardingA1, { ...(await upload()), inspection: sha256Hex('tampered') }),
                ],
                [
                    'a size that is not the payload size',
                    'PACKET_INCOMPLETE',
                    async () => {
                        const credentials = await world().harness.credentials(cardingA1);
                        const unsigned = {
                            ...draftPacket({
                                senderId: 'carding-a1',
                                receiverId: 'drawing-b1',
                                type: 'upload',
                                timestamp: await world().harness.now(),
                            }),
                            size: 7,
                        };
                        return send(cardingA1, inspectPacket(signPacket(unsigned, credentials.privateKeyPem)));
                    },
                ],
                [
                    "a signature by another machine's key",
                    'SIGNATURE_INVALID',
                    async () =>
                        send(
                            cardingA1,
                            await world().packet(
                                { senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' },
                                machineIdentity('comber-c1'),
                            ),
                        ),
                ],
                [
                    'a receiver changed after signing (forwarding)',
                    'SIGNATURE_INVALID',
                    async () => {
                        const forwarded = { ...(await upload()), receiverId: 'comber-c1' };
                        return send(cardingA1, inspectPacket(forwarded));
                    },
                ],
                [
                    "a packet submitted by another machine's identity",
                    'NOT_AUTHORIZED',
                    async () => send(drawingB1, await upload()),
                ],
                [
                    "another mill's certificate naming the sender",
                    'NOT_AUTHORIZED',
                    async () => {
                        const impostor = { mill: 'MillB', role: 'machine', machineId: 'carding-a1' } as const;
                        return send(
                            impostor,
                            await world().packet(
                                { senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' },
                                impostor,
                            ),
                        );
                    },
                ],
                [
                    'a second enrollment of the sender with a key that is not registered',
                    'NOT_AUTHORIZED',
                    async () => {
                        const reenrolled = { ...cardingA1, variant: 'reenrolled' };
                        return send(
                            reenrolled,
                            await world().packet(
                                { senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' },
                                reenrolled,
                            ),
                        );
                    },
                ],
                [
                    'a stale timestamp',
                    'EXPIRED',
                    async () => {
                        const now = await world().harness.now();
                        return send(
                            cardingA1,
                            await upload({ timestamp: new Date(now.getTime() - LIMITS.packetMaxAgeMs - 60_000) }),
                        );
                    },
                ],
                [
                    'a timestamp from the future',
                    'EXPIRED',
                    async () => {
                        const now = await world().harness.now();
                        return send(
                            cardingA1,
                            await upload({ timestamp: new Date(now.getTime() + LIMITS.packetMaxSkewMs + 60_000) }),
                        );
                    },
                ],
                [
                    'an unregistered receiver',
                    'RECEIVER_UNKNOWN',
                    async () => send(cardingA1, await upload({ receiverId: 'spinner-x1' })),
                ],
                [
                    'a PENDING receiver',
                    'RECEIVER_UNKNOWN',
                    async () => send(cardingA1, await upload({ receiverId: 'winder-a9' })),
                ],
                [
                    'an upper-case receiver ID',
                    'PACKET_INCOMPLETE',
                    async () => send(cardingA1, await upload({ receiverId: 'Drawing-B1' })),
                ],
                [
                    'a receiver ID with \\u0000',
                    'PACKET_INCOMPLETE',
                    async () => send(cardingA1, await upload({ receiverId: 'drawing\u0000b1' })),
                ],
                [
                    'a query sent as a plain message',
                    'INVALID_ARGUMENT',
                    async () => send(cardingA1, await upload({ type: 'query' })),
                ],
                [
                    'a packet to its own sender',
                    'INVALID_ARGUMENT',
                    async () => send(cardingA1, await upload({ receiverId: 'carding-a1' })),
                ],
            ];
            for (const [what, code, attempt] of cases) {
                it(`answers ${what} with ${code} and writes nothing`, async function () {
                    await world().refuses(code, attempt);
                });
            }

            it('answers a replayed packet with REPLAYED and writes nothing', async function () {
                const packet = await upload();
                await send(cardingA1, packet);
                await world().refuses('REPLAYED', () => send(cardingA1, packet));
            });

            it('answers a new packet that reuses a nonce with REPLAYED and writes nothing', async function () {
                const first = await upload();
                await send(cardingA1, first);
                const second = await upload({ nonce: first.nonce });
                await world().refuses('REPLAYED', () => send(cardingA1, second));
            });

            it('refuses mailbox reads with malformed arguments', async function () {
                for (const argument of [
                    '{',
                    JSON.stringify({ machineId: 'Drawing-B1', mailbox: 'inbox', messageId: GENESIS_HASH }),
                    JSON.stringify({ machineId: 'drawing-b1', mailbox: 'trash', messageId: GENESIS_HASH }),
                ]) {
                    await world().refuses('INVALID_ARGUMENT', () =>
                        world().harness.evaluate(drawingB1, TX.communication.readMailbox, [argument]),
                    );
                }
            });
        });

        describe('communication chain', function () {
            const received: string[] = [];
            let sent = '';

            before(async function () {
                await world().activate('comber-c2');
                for (let count = 0; count < 3; count += 1) {
                    received.push((await world().send('carding-a1', 'comber-c1')).messageId);
                }
                sent = (await world().send('comber-c1', 'drawing-b1', 'download')).messageId;
            });

            const comberC1 = machineIdentity('comber-c1');

            function append(
                identity: IdentitySpec,
                entries: { mailbox: Mailbox; messageId: string }[],
                transient?: Record<string, Uint8Array>,
            ) {
                return world().append(identity, 'comber-c1', entries, transient);
            }

            function block(seq: number) {
                return world().evaluateFor(chainBlockSchema, comberC1, TX.communication.getBlock, [
                    'comber-c1',
                    String(seq),
                ]);
            }

            function anchoredHash(seq: number, reader: IdentitySpec = operatorOf('MillA')) {
                return world().evaluateFor(blockHashRecordSchema, reader, TX.communication.getBlockHash, [
                    'comber-c1',
                    String(seq),
                ]);
            }

            it('refuses an append by anyone but the machine itself', async function () {
                const entry = await world().readMailbox(comberC1, 'comber-c1', 'inbox', received[0] ?? '');
                for (const identity of [adminOf('MillC'), cardingA1]) {
                    await world().refuses('NOT_AUTHORIZED', () =>
                        append(
                            identity,
                            [{ mailbox: 'inbox', messageId: received[0] ?? '' }],
                            entriesTransient([entry]),
                        ),
                    );
                }
            });

            it('refuses an append without its entries in the transient map', async function () {
                await world().refuses('INVALID_ARGUMENT', () =>
                    append(comberC1, [{ mailbox: 'inbox', messageId: received[0] ?? '' }], {}),
                );
            });

            it('refuses an append whose transient entry differs from the stored one', async function () {
                const entry = await world().readMailbox(comberC1, 'comber-c1', 'inbox', received[0] ?? '');
                const forged = { ...entry, recordedAt: '2020-01-01T00:00:00.000Z' };
                await world().refuses('INVALID_ARGUMENT', () =>
                    append(comberC1, [{ mailbox: 'inbox', messageId: received[0] ?? '' }], entriesTransient([forged])),
                );
            });

            it('refuses transient entries other than those the command names', async function () {
                const first = await world().readMailbox(comberC1, 'comber-c1', 'inbox', received[0] ?? '');
                const second = await world().readMailbox(comberC1, 'comber-c1', 'inbox', received[1] ?? '');
                await world().refuses('INVALID_ARGUMENT', () =>
                    append(comberC1, [{ mailbox: 'inbox', messageId: received[0] ?? '' }], entriesTransient([second])),
                );
                await world().refuses('INVALID_ARGUMENT', () =>
                    append(
                        comberC1,
                        [{ mailbox: 'inbox', messageId: received[0] ?? '' }],
                        entriesTransient([first, second]),
                    ),
                );
            });

            it('appends mailbox entries as the first block and takes them out of the mailbox', async function () {
                const result = await append(comberC1, [
                    { mailbox: 'inbox', messageId: received[0] ?? '' },
                    { mailbox: 'outbox', messageId: sent },
                ]);
                expectEvent(result, EVENT_NAMES.blockAppended, { machineId: 'comber-c1', seq: 1 });
                const head = parseAnswer(chainHeadSchema, result.payload);
                expect(head.seq).to.equal(1);
                const first = await block(1);
                expect(first.prevHash).to.equal(GENESIS_HASH);
                expect(first.merkleRoot).to.equal(merkleRoot(first.entries));
                expect(messageEntriesOf(first.entries).map((entry) => [entry.messageId, entry.mailbox])).to.deep.equal([
                    [received[0], 'inbox'],
                    [sent, 'outbox'],
                ]);
                await world().refuses('NOT_FOUND', () =>
                    world().readMailbox(comberC1, 'comber-c1', 'inbox', received[0] ?? ''),
                );
            });

            it("anchors each block's hash in public state, readable by every mill", async function () {
                const first = await block(1);
                const head = await world().evaluateFor(chainHeadSchema, comberC1, TX.communication.getChainHead, [
                    'comber-c1',
                ]);
                for (const reader of [operatorOf('MillA'), machineIdentity('drawing-b1'), adminOf('MillC')]) {
                    expect(await anchoredHash(1, reader)).to.deep.equal({
                        machineId: 'comber-c1',
                        seq: 1,
                        hash: blockHash(first),
                    });
                }
                expect(head.hash).to.equal(blockHash(first));
            });

            it('links the next block to the hash of the previous one, and anchors it too', async function () {
                const head = await world().evaluateFor(chainHeadSchema, comberC1, TX.communication.getChainHead, [
                    'comber-c1',
                ]);
                await append(comberC1, [{ mailbox: 'inbox', messageId: received[1] ?? '' }]);
                const second = await block(2);
                expect(second.prevHash).to.equal(head.hash);
                expect((await anchoredHash(2)).hash).to.equal(blockHash(second));
            });

            it('refuses to append an entry that is no longer in the mailbox', async function () {
                const moved = messageEntriesOf((await block(1)).entries)[0];
                if (moved === undefined) {
                    expect.fail('block 1 has no entries');
                }
                await world().refuses('NOT_FOUND', () =>
                    append(comberC1, [{ mailbox: 'inbox', messageId: received[0] ?? '' }], entriesTransient([moved])),
                );
            });

            it('verifies the chain for the machine and its mill admin', async function () {
                await append(comberC1, [{ mailbox: 'inbox', messageId: received[2] ?? '' }]);
                const head = await world().evaluateFor(chainHeadSchema, comberC1, TX.communication.getChainHead, [
                    'comber-c1',
                ]);
                for (const identity of [comberC1, adminOf('MillC')]) {
                    expect(await verify(identity, 1, LIMITS.verifyBlocksMax)).to.deep.equal({
                        ok: true,
                        fromSeq: 1,
                        toSeq: 3,
                        length: 3,
                        headHash: head.hash,
                    });
                }
            });

            it('verifies in pages of at most maxBlocks, each naming the seq to resume from', async function () {
                const first = await verify(comberC1, 1, 2);
                expect(first).to.deep.equal({
                    ok: true,
                    fromSeq: 1,
                    toSeq: 2,
                    length: 3,
                    headHash: blockHash(await block(2)),
                    nextSeq: 3,
                });
                const last = await verify(comberC1, 3, 2);
                expect(last).to.deep.equal({
                    ok: true,
                    fromSeq: 3,
                    toSeq: 3,
                    length: 3,
                    headHash: blockHash(await block(3)),
                });
                expect(await verify(comberC1, 2, 1)).to.deep.include({ ok: true, toSeq: 2, nextSeq: 3 });
                expect(await verify(comberC1, 4, 1)).to.deep.include({ ok: true, fromSeq: 4, toSeq: 3 });
            });

            it('refuses a page beyond the chain, and a page size over the limit', async function () {
                await world().refuses('NOT_FOUND', () => verify(comberC1, 5, 1));
                await world().refuses('INVALID_ARGUMENT', () => verify(comberC1, 1, LIMITS.verifyBlocksMax + 1));
                await world().refuses('INVALID_ARGUMENT', () => verify(comberC1, 0, 1));
            });

            it('lets every mill check a block it is shown against its anchor', async function () {
                const shown = await block(1);
                const onChain = await anchoredHash(1);
                expect(onChain.hash).to.equal(blockHash(shown));
                expect(shown.merkleRoot).to.equal(merkleRoot(shown.entries));
            });

            it('refuses chain reads by another mill or another machine', async function () {
                await world().refuses('NOT_AUTHORIZED', () => verify(adminOf('MillA'), 1, 1));
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().harness.evaluate(machineIdentity('comber-c2'), TX.communication.getBlock, [
                        'comber-c1',
                        '1',
                    ]),
                );
            });

            it('answers NOT_FOUND beyond the head and INVALID_ARGUMENT for a bad seq', async function () {
                await world().refuses('NOT_FOUND', () =>
                    world().harness.evaluate(comberC1, TX.communication.getBlock, ['comber-c1', '99']),
                );
                await world().refuses('NOT_FOUND', () =>
                    world().harness.evaluate(operatorOf('MillA'), TX.communication.getBlockHash, ['comber-c1', '99']),
                );
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().harness.evaluate(comberC1, TX.communication.getBlock, ['comber-c1', '0']),
                );
            });
        });

        describe('seals of the device area in the chain', function () {
            const cardingA10 = machineIdentity('carding-a10');

            before(async function () {
                await world().activate('carding-a10');
            });

            function seal(overrides: Partial<SealEntry> = {}): SealEntry {
                return {
                    kind: 'seal',
                    machineId: 'carding-a10',
                    firstSeq: 1,
                    lastSeq: 60,
                    count: 60,
                    root: 'ab'.repeat(32),
                    fromTimestamp: '2026-12-02T06:00:00.000Z',
                    toTimestamp: '2026-12-02T06:59:00.000Z',
                    ...overrides,
                };
            }

            function appendSeals(
                entries: { mailbox: Mailbox; messageId: string }[],
                transient: Record<string, Uint8Array>,
            ) {
                return world().submit(
                    cardingA10,
                    TX.communication.appendBlock,
                    [JSON.stringify({ machineId: 'carding-a10', entries })],
                    transient,
                );
            }

            const sealsTransient = (seals: unknown[]) => ({ [TRANSIENT_BLOCK_SEALS]: toCanonicalBytes(seals) });

            it('refuses a seal of another machine, a malformed seal, and a block with neither entries nor seals', async function () {
                await world().refuses('INVALID_ARGUMENT', () =>
                    appendSeals([], sealsTransient([seal({ machineId: 'comber-c1' })])),
                );
                await world().refuses('INVALID_ARGUMENT', () => appendSeals([], sealsTransient([seal({ count: 59 })])));
                await world().refuses('INVALID_ARGUMENT', () => appendSeals([], {}));
            });

            it('appends a block of seals alone, its hash anchored like any block, and one of messages and seals', async function () {
                const first = seal();
                await appendSeals([], sealsTransient([first]));
                const stored = await world().evaluateFor(chainBlockSchema, cardingA10, TX.communication.getBlock, [
                    'carding-a10',
                    '1',
                ]);
                expect(stored.entries).to.deep.equal([first]);
                expect(stored.merkleRoot).to.equal(merkleRoot([first]));
                const anchored = await world().evaluateFor(
                    blockHashRecordSchema,
                    operatorOf('MillA'),
                    TX.communication.getBlockHash,
                    ['carding-a10', '1'],
                );
                expect(anchored.hash).to.equal(blockHash(stored));

                const messageId = (await world().send('carding-a1', 'carding-a10')).messageId;
                const entry = await world().readMailbox(cardingA10, 'carding-a10', 'inbox', messageId);
                const second = seal({ firstSeq: 61, lastSeq: 120, root: 'cd'.repeat(32) });
                await appendSeals([{ mailbox: 'inbox', messageId }], {
                    ...entriesTransient([entry]),
                    ...sealsTransient([second]),
                });
                const next = await world().evaluateFor(chainBlockSchema, cardingA10, TX.communication.getBlock, [
                    'carding-a10',
                    '2',
                ]);
                expect(next.entries).to.deep.equal([entry, second]);
                expect(await verify(cardingA10, 1, 10, 'carding-a10')).to.deep.include({ ok: true, length: 2 });
            });

            it('takes only seals that continue the chain’s, each reading sealed once (SEAL_DISCONTINUOUS), and keeps sealedThrough public on the tip', async function () {
                const head = () =>
                    world().evaluateFor(chainHeadSchema, cardingA10, TX.communication.getChainHead, ['carding-a10']);
                expect(await head()).to.include({ seq: 2, sealedThrough: 120 });
                // The same range again under an edited root: the re-seal of a mill that holds the key.
                await world().refuses('SEAL_DISCONTINUOUS', () =>
                    appendSeals([], sealsTransient([seal({ firstSeq: 61, lastSeq: 120, root: 'ee'.repeat(32) })])),
                );
                await world().refuses('SEAL_DISCONTINUOUS', () =>
                    appendSeals([], sealsTransient([seal({ firstSeq: 100, lastSeq: 159, root: 'ee'.repeat(32) })])),
                );
                // A gap would leave readings that can never be sealed; two seals of one block must follow each other.
                await world().refuses('SEAL_DISCONTINUOUS', () =>
                    appendSeals([], sealsTransient([seal({ firstSeq: 122, lastSeq: 181 })])),
                );
                await world().refuses('SEAL_DISCONTINUOUS', () =>
                    appendSeals(
                        [],
                        sealsTransient([seal({ firstSeq: 121, lastSeq: 180 }), seal({ firstSeq: 121, lastSeq: 180 })]),
                    ),
                );
                expect(await head(), 'nothing of the refused appends').to.include({ seq: 2, sealedThrough: 120 });

                await appendSeals(
                    [],
                    sealsTransient([seal({ firstSeq: 121, lastSeq: 180 }), seal({ firstSeq: 181, lastSeq: 240 })]),
                );
                expect(await head()).to.include({ seq: 3, sealedThrough: 240 });
                const messageId = (await world().send('carding-a1', 'carding-a10')).messageId;
                await world().append(cardingA10, 'carding-a10', [{ mailbox: 'inbox', messageId }]);
                expect(await head(), 'a block of messages keeps it').to.include({ seq: 4, sealedThrough: 240 });
            });
        });

        describe('machines that are not ACTIVE', function () {
            const lapFormerB1 = machineIdentity('lap-former-b1');
            let messageId = '';

            before(async function () {
                messageId = (await world().send('carding-a1', 'lap-former-b1')).messageId;
                await world().submit(adminOf('MillB'), TX.registry.suspend, ['lap-former-b1']);
            });

            after(async function () {
                await world().submit(adminOf('MillB'), TX.registry.reactivate, ['lap-former-b1']);
            });

            it('refuses a suspended machine its own mailbox, chain and appends', async function () {
                const entry = await world().readMailbox(adminOf('MillB'), 'lap-former-b1', 'inbox', messageId);
                const reads: [string, string[]][] = [
                    [
                        TX.communication.readMailbox,
                        [JSON.stringify({ machineId: 'lap-former-b1', mailbox: 'inbox', messageId })],
                    ],
                    [TX.communication.listMailbox, [JSON.stringify({ machineId: 'lap-former-b1', mailbox: 'inbox' })]],
                    [TX.communication.getChainHead, ['lap-former-b1']],
                    [TX.communication.getBlock, ['lap-former-b1', '1']],
                    [TX.communication.verifyChain, ['lap-former-b1', '1', '1']],
                ];
                for (const [transaction, args] of reads) {
                    await world().refuses('NOT_AUTHORIZED', () =>
                        world().harness.evaluate(lapFormerB1, transaction, args),
                    );
                }
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().append(
                        lapFormerB1,
                        'lap-former-b1',
                        [{ mailbox: 'inbox', messageId }],
                        entriesTransient([entry]),
                    ),
                );
            });

            it("still lets the mill's admin read a suspended or retired machine's private area", async function () {
                const entry = await world().readMailbox(adminOf('MillB'), 'lap-former-b1', 'inbox', messageId);
                expect(entry.messageId).to.equal(messageId);
                expect(await verify(adminOf('MillC'), 1, 1, 'comber-c2')).to.deep.equal({
                    ok: true,
                    fromSeq: 1,
                    toSeq: 0,
                    length: 0,
                    headHash: GENESIS_HASH,
                });
                await world().refuses('NOT_AUTHORIZED', () => verify(machineIdentity('comber-c2'), 1, 1, 'comber-c2'));
            });
        });

        /** One page of a chain's verification, as `identity`. */
        function verify(identity: IdentitySpec, fromSeq: number, maxBlocks: number, machineId = 'comber-c1') {
            return world().evaluateFor(chainVerificationSchema, identity, TX.communication.verifyChain, [
                machineId,
                String(fromSeq),
                String(maxBlocks),
            ]);
        }
    });
}
