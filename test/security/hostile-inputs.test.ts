import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';
import {
    CONTRACT_NAMES,
    LIMITS,
    PROBE_TRANSACTIONS,
    parseErrorCode,
    qualifiedName,
    sha256Hex,
    type ErrorCode,
    type Packet,
} from '@spindle/chaincode/protocol';
import { adminOf, machineIdentity, operatorOf } from '../contract-suite/fixture';
import type { IdentitySpec } from '../contract-suite';
import { TX } from '../contract-suite/transactions';
import { buildPacket, inspectPacket, packetTransient } from '../support/packet-client';
import { SECURITY_TABLE } from './security-table';
import { type SecurityWorld, securityWorld } from './security-world';

type Attempt = [ErrorCode, () => Promise<unknown>];

const cardingA1 = machineIdentity('carding-a1');
const drawingB1 = machineIdentity('drawing-b1');

describe('security: hostile inputs through the gateway', function () {
    this.timeout(10 * 60_000);
    let world: SecurityWorld;

    before(async function () {
        world = await securityWorld();
    });

    function upload(overrides: Partial<Parameters<SecurityWorld['packet']>[0]> = {}, signer?: IdentitySpec) {
        return world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload', ...overrides }, signer);
    }

    function send(identity: IdentitySpec, packet: Packet | Uint8Array | string) {
        return world.sendAs(identity, packetTransient(packet));
    }

    /**
     * Runs every attempt, each refused with its code and writing nothing, checks the network is
     * healthy afterwards and records the row.
     */
    async function expectRefused(tried: string, attempts: readonly Attempt[], inboxes = ['drawing-b1']) {
        for (const [code, attempt] of attempts) {
            await world.refusesWithoutWrites(code, attempt, inboxes);
        }
        await world.expectHealthy();
        const codes = [...new Set(attempts.map(([code]) => code))].join(', ');
        SECURITY_TABLE.record({
            tried,
            count: attempts.length,
            held: `refused ${codes}; no block, inboxes unchanged; every peer answers ping`,
            lost: 0,
            passed: true,
        });
    }

    it('refuses oversize packets and payloads with PAYLOAD_TOO_LARGE', async function () {
        await expectRefused('oversize packet or payload', [
            [
                'PAYLOAD_TOO_LARGE',
                async () =>
                    send(cardingA1, JSON.stringify({ ...(await upload()), pad: 'x'.repeat(LIMITS.packetBytes) })),
            ],
            [
                'PAYLOAD_TOO_LARGE',
                async () => send(cardingA1, await upload({ payload: new Uint8Array(LIMITS.payloadBytes + 1) })),
            ],
        ]);
    });

    it('refuses a wrong inspection checksum with PACKET_INCOMPLETE', async function () {
        await expectRefused('wrong checksum', [
            ['PACKET_INCOMPLETE', async () => send(cardingA1, { ...(await upload()), inspection: sha256Hex('x') })],
            [
                'PACKET_INCOMPLETE',
                async () => {
                    // One hex digit changed; a fixed replacement digit would be no change one time in 16.
                    const packet = await upload();
                    const flipped = (parseInt(packet.inspection.charAt(0), 16) ^ 1).toString(16);
                    return send(cardingA1, { ...packet, inspection: flipped + packet.inspection.slice(1) });
                },
            ],
        ]);
    });

    it('refuses signatures by an unregistered key or by another machine with SIGNATURE_INVALID', async function () {
        const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString();
        await expectRefused('signature by an unregistered key or another machine', [
            [
                'SIGNATURE_INVALID',
                async () =>
                    send(
                        cardingA1,
                        buildPacket(
                            {
                                senderId: 'carding-a1',
                                receiverId: 'drawing-b1',
                                type: 'upload',
                                timestamp: await world.harness.now(),
                            },
                            stranger,
                        ),
                    ),
            ],
            ['SIGNATURE_INVALID', async () => send(cardingA1, await upload({}, machineIdentity('comber-c1')))],
            ['SIGNATURE_INVALID', async () => send(cardingA1, await upload({}, drawingB1))],
        ]);
    });

    it("refuses a packet naming a sender other than the transaction's creator with NOT_AUTHORIZED", async function () {
        const impostor = { mill: 'MillB', role: 'machine', machineId: 'carding-a1' } as const;
        await expectRefused('sender other than the creator', [
            ['NOT_AUTHORIZED', async () => send(drawingB1, await upload())],
            ['NOT_AUTHORIZED', async () => send(machineIdentity('comber-c1'), await upload())],
            ['NOT_AUTHORIZED', async () => send(impostor, await upload({}, impostor))],
            [
                'NOT_AUTHORIZED',
                async () =>
                    send(
                        { ...cardingA1, variant: 'second-key' },
                        await upload({}, { ...cardingA1, variant: 'second-key' }),
                    ),
            ],
            ['NOT_AUTHORIZED', async () => send(operatorOf('MillA'), await upload())],
        ]);
    });

    it('refuses a replayed nonce with REPLAYED', async function () {
        const original = await upload();
        await send(cardingA1, original);
        await expectRefused('replayed packet or nonce', [
            ['REPLAYED', async () => send(cardingA1, original)],
            ['REPLAYED', async () => send(cardingA1, await upload({ nonce: original.nonce }))],
        ]);
    });

    it('commits exactly one of two concurrent copies of one packet', async function () {
        const rounds = 3;
        for (let round = 0; round < rounds; round += 1) {
            const before = await world.inboxSize('drawing-b1');
            const packet = await upload();
            const outcomes = await Promise.allSettled([send(cardingA1, packet), send(cardingA1, packet)]);
            const refused = outcomes.filter((outcome) => outcome.status === 'rejected');
            expect(refused, 'exactly one copy commits').to.have.length(1);
            const reason = String((refused[0] as PromiseRejectedResult).reason);
            // The loser is refused at endorsement (the nonce is known) or invalidated at commit (the race).
            expect(reason).to.match(/REPLAYED|MVCC_READ_CONFLICT|validation code 11\b/);
            expect(await world.inboxSize('drawing-b1')).to.equal(before + 1);
        }
        await world.expectHealthy();
        SECURITY_TABLE.record({
            tried: 'two concurrent copies of one packet',
            count: rounds * 2,
            held: 'one commits, the other REPLAYED or MVCC-invalidated; inbox +1 per pair',
            lost: 0,
            passed: true,
        });
    });

    it('refuses a timestamp outside the window with EXPIRED', async function () {
        const at = async (offsetMs: number) => new Date((await world.harness.now()).getTime() + offsetMs);
        await expectRefused('timestamp outside the window', [
            [
                'EXPIRED',
                async () => send(cardingA1, await upload({ timestamp: await at(-LIMITS.packetMaxAgeMs - 60_000) })),
            ],
            [
                'EXPIRED',
                async () => send(cardingA1, await upload({ timestamp: await at(LIMITS.packetMaxSkewMs + 60_000) })),
            ],
            ['EXPIRED', async () => send(cardingA1, await upload({ timestamp: new Date('2001-01-01T00:00:00Z') }))],
        ]);
    });

    it('refuses a receiver that re-addresses or re-encrypts a packet to a third machine', async function () {
        const received = await upload();
        await send(cardingA1, received);
        const readdressed = (payload?: Uint8Array): Packet =>
            inspectPacket({
                ...received,
                receiverId: 'comber-c1',
                ...(payload === undefined
                    ? {}
                    : { payload: Buffer.from(payload).toString('base64'), size: payload.length }),
            });
        await expectRefused(
            'receiver re-encrypting a packet to a third machine',
            [
                ['NOT_AUTHORIZED', async () => send(drawingB1, readdressed(new Uint8Array(64).fill(7)))],
                ['NOT_AUTHORIZED', async () => send(drawingB1, readdressed())],
                // Even through the sender's own identity the signature no longer covers the packet.
                ['SIGNATURE_INVALID', async () => send(cardingA1, readdressed())],
            ],
            ['comber-c1'],
        );
    });

    describe('machines out of service', function () {
        before(async function () {
            await world.activate('carding-a3', 'ring-frame-a1', 'carding-a2');
            await world.register('carding-a4');
            await world.submit(adminOf('MillA'), TX.registry.suspend, ['carding-a3']);
            await world.submit(adminOf('MillA'), TX.registry.retire, ['ring-frame-a1']);
            await world.submit(adminOf('MillA'), TX.registry.replace, ['carding-a2', 'carding-a4']);
        });

        const from = (senderId: string) => async () =>
            send(machineIdentity(senderId), await world.packet({ senderId, receiverId: 'drawing-b1', type: 'upload' }));
        const to = (receiverId: string) => async () => send(cardingA1, await upload({ receiverId }));

        it('refuses a revoked (suspended) or retired machine as sender and as receiver', async function () {
            await expectRefused('revoked or retired machine', [
                ['NOT_AUTHORIZED', from('carding-a3')],
                ['NOT_AUTHORIZED', from('ring-frame-a1')],
                ['RECEIVER_UNKNOWN', to('carding-a3')],
                ['RECEIVER_UNKNOWN', to('ring-frame-a1')],
            ]);
        });

        it("refuses the old key after a machine's replacement put a new one in the key pool", async function () {
            await expectRefused('rotated key used after rotation', [
                ['NOT_AUTHORIZED', from('carding-a2')],
                [
                    'SIGNATURE_INVALID',
                    async () =>
                        send(
                            machineIdentity('carding-a4'),
                            await world.packet(
                                { senderId: 'carding-a4', receiverId: 'drawing-b1', type: 'upload' },
                                machineIdentity('carding-a2'),
                            ),
                        ),
                ],
            ]);
        });

        it('refuses unregistered and not yet approved receivers with RECEIVER_UNKNOWN', async function () {
            await world.register('winder-a9');
            await expectRefused('unregistered receiver', [
                ['RECEIVER_UNKNOWN', to('spinner-x1')],
                ['RECEIVER_UNKNOWN', to('winder-a9')],
            ]);
        });
    });

    describe("a machine's area (its mill's collection) and another mill", function () {
        let messageId: string;

        before(async function () {
            messageId = (await world.send('carding-a1', 'drawing-b1')).messageId;
        });

        it("refuses another mill's clients reading a machine's private area", async function () {
            const read = (identity: IdentitySpec, transaction: string, args: string[]) => () =>
                world.harness.evaluate(identity, transaction, args);
            const mailbox = JSON.stringify({ machineId: 'drawing-b1', mailbox: 'inbox', messageId });
            await expectRefused("another mill's client reading a machine's area", [
                ['NOT_AUTHORIZED', read(adminOf('MillA'), TX.communication.readMailbox, [mailbox])],
                ['NOT_AUTHORIZED', read(operatorOf('MillC'), TX.communication.readMailbox, [mailbox])],
                ['NOT_AUTHORIZED', read(cardingA1, TX.communication.readMailbox, [mailbox])],
                ['NOT_AUTHORIZED', read(adminOf('MillC'), TX.communication.verifyChain, ['drawing-b1', '1', '1'])],
            ]);
            // Below the chaincode, Fabric itself keeps the collection from non-members.
            const getPrivate = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.getPrivate);
            const refused = await world.harness
                .evaluate(operatorOf('MillA'), getPrivate, ['drawing-b1', 'anything'])
                .then(
                    () => undefined,
                    (error: unknown) => error,
                );
            expect(refused).to.be.instanceOf(Error);
            expect(JSON.stringify((refused as Error).cause ?? refused)).to.match(
                /read access|not authorized|access denied/i,
            );
        });

        it("refuses another mill writing to a machine's area, by the chaincode and by its endorsement policy", async function () {
            const putPrivate = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.putPrivate);
            const write = (identity: IdentitySpec) => () =>
                world.submit(identity, putPrivate, ['drawing-b1', 'forged'], { value: Buffer.from('x') });
            await expectRefused("another mill's write into a machine's area", [
                ['NOT_AUTHORIZED', write(operatorOf('MillA'))],
                ['NOT_AUTHORIZED', write(adminOf('MillC'))],
                ['NOT_AUTHORIZED', write(cardingA1)],
            ]);
            // A delivery endorsed by MillA and MillC only: the chaincode's majority holds, but
            // MillB's collection, which holds drawing-b1's area, wants MillB, so the committed transaction is invalid.
            const before = await world.inboxSize('drawing-b1');
            const contract = await world.gateway.contract(cardingA1);
            const commit = await contract.submitAsync(TX.communication.send, {
                transientData: packetTransient(await upload()),
                endorsingOrganizations: ['MillAMSP', 'MillCMSP'],
            });
            const status = await commit.getStatus();
            expect(status.code).to.equal(peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
            const record = await world.harness
                .evaluate(operatorOf('MillC'), TX.communication.getMessage, [status.transactionId])
                .then(
                    () => undefined,
                    (error: unknown) => (error instanceof Error ? parseErrorCode(error.message) : undefined),
                );
            expect(record).to.equal('NOT_FOUND');
            expect(await world.inboxSize('drawing-b1')).to.equal(before);
            await world.expectHealthy();
            SECURITY_TABLE.record({
                tried: "another mill's peers endorsing a delivery without the owner's",
                count: 1,
                held: 'committed INVALID (ENDORSEMENT_POLICY_FAILURE); no message, inbox unchanged',
                lost: 0,
                passed: true,
            });
        });
    });
});
