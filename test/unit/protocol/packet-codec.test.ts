import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { codeOf } from '../support/code-of';
import fc from 'fast-check';
import {
    ID_PATTERN,
    PACKET_TYPES,
    computeInspection,
    parsePacket,
    toCanonicalBytes,
    toPacketBytes,
    verifyPacketSignature,
    type Packet,
} from '@spindle/chaincode/protocol';
import { buildPacket, inspectPacket, signPacket, draftPacket } from '../../support/packet-client';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const signingKey = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const verifyingKey = publicKey.export({ type: 'spki', format: 'pem' }).toString();

const id = fc.stringMatching(ID_PATTERN);
const transactionId = fc.stringMatching(/^[0-9a-f]{64}$/);
const packets: fc.Arbitrary<Packet> = fc
    .record({
        senderId: id,
        receiverId: id,
        type: fc.constantFrom(...PACKET_TYPES),
        inReplyTo: transactionId,
        payload: fc.uint8Array({ minLength: 1, maxLength: 300 }),
        senderCopy: fc.option(fc.uint8Array({ minLength: 1, maxLength: 300 }), { nil: undefined }),
        nonce: fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
        timestamp: fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
    })
    .map((draft) =>
        buildPacket({ ...draft, inReplyTo: draft.type === 'reply' ? draft.inReplyTo : undefined }, signingKey),
    );

/** A packet and its keys in some order. */
const packetsWithKeyOrder = packets.chain((packet) => {
    const keys = Object.keys(packet);
    return fc
        .shuffledSubarray(keys, { minLength: keys.length, maxLength: keys.length })
        .map((order) => ({ packet, order }));
});

function jsonInOrder(value: Record<string, unknown>, order: readonly string[]): string {
    return `{${order.map((key) => `${JSON.stringify(key)}:${JSON.stringify(value[key])}`).join(',')}}`;
}

/** Flips the first character of a base64url nonce to another valid one. */
function otherNonce(nonce: string): string {
    return `${nonce.startsWith('A') ? 'B' : 'A'}${nonce.slice(1)}`;
}

/** Changes to signed fields that keep a packet valid by its schema. */
const SIGNED_FIELD_CHANGES: Record<string, (packet: Packet) => Partial<Packet>> = {
    senderId: (packet) => ({ senderId: packet.senderId === 'a' ? 'b' : 'a' }),
    receiverId: (packet) => ({ receiverId: packet.receiverId === 'a' ? 'b' : 'a' }),
    nonce: (packet) => ({ nonce: otherNonce(packet.nonce) }),
    timestamp: (packet) => ({ timestamp: new Date(Date.parse(packet.timestamp) + 1).toISOString() }),
};

describe('packet codec', function () {
    it('parses back every packet it encodes, signature intact', function () {
        fc.assert(
            fc.property(packets, (packet) => {
                const parsed = parsePacket(toPacketBytes(packet));
                expect(parsed).to.deep.equal(packet);
                expect(verifyPacketSignature(parsed, verifyingKey)).to.equal(true);
            }),
            { numRuns: 200 },
        );
    });

    it('reads the same packet whatever the order of its JSON keys', function () {
        fc.assert(
            fc.property(packetsWithKeyOrder, ({ packet, order }) => {
                const parsed = parsePacket(Buffer.from(jsonInOrder(packet, order), 'utf8'));
                expect(Buffer.from(toPacketBytes(parsed)).equals(Buffer.from(toPacketBytes(packet)))).to.equal(true);
            }),
            { numRuns: 100 },
        );
    });

    it('finds a packet changed in transit incomplete by its inspection checksum', function () {
        const changes: Record<string, (packet: Packet) => Partial<Packet>> = {
            ...SIGNED_FIELD_CHANGES,
            signature: (packet) => ({ signature: Buffer.from(`${packet.signature}!`).toString('base64') }),
        };
        fc.assert(
            fc.property(packets, fc.constantFrom(...Object.keys(changes)), (packet, field) => {
                const changed = { ...packet, ...changes[field]?.(packet) };
                expect(codeOf(() => parsePacket(toCanonicalBytes(changed)))).to.equal('PACKET_INCOMPLETE');
            }),
            { numRuns: 200 },
        );
    });

    it('covers every field with the signature: a change with a new checksum no longer verifies', function () {
        const changes: Record<string, (packet: Packet) => Partial<Packet>> = {
            ...SIGNED_FIELD_CHANGES,
            payload: (packet) => {
                const bytes = Buffer.from(packet.payload, 'base64');
                bytes[0] = (bytes[0] ?? 0) ^ 1;
                return { payload: bytes.toString('base64') };
            },
        };
        fc.assert(
            fc.property(packets, fc.constantFrom(...Object.keys(changes)), (packet, field) => {
                const resealed = inspectPacket({ ...packet, ...changes[field]?.(packet) });
                const parsed = parsePacket(toPacketBytes(resealed));
                expect(verifyPacketSignature(parsed, verifyingKey)).to.equal(false);
            }),
            { numRuns: 200 },
        );
    });

    it('answers arbitrary bytes and arbitrary JSON with PACKET_INCOMPLETE, never another failure', function () {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.uint8Array({ maxLength: 400 }),
                    fc.json().map((text) => Buffer.from(text, 'utf8')),
                ),
                (bytes) => {
                    expect(codeOf(() => parsePacket(bytes))).to.equal('PACKET_INCOMPLETE');
                },
            ),
            { numRuns: 300 },
        );
    });

    it('refuses a payload whose size field lies, even when freshly signed', function () {
        const packet = signPacket(
            { ...draftPacket({ senderId: 'a', receiverId: 'b', type: 'upload', timestamp: new Date() }), size: 1 },
            signingKey,
        );
        expect(codeOf(() => parsePacket(toPacketBytes({ ...packet, inspection: computeInspection(packet) })))).to.equal(
            'PACKET_INCOMPLETE',
        );
    });

    it('refuses a packet over the byte cap before reading it', function () {
        expect(codeOf(() => parsePacket(new Uint8Array(200_000)))).to.equal('PAYLOAD_TOO_LARGE');
    });
});
