import { expect } from 'chai';
import fc from 'fast-check';
import { errorCodeOf } from '@spindle/client';
import { ERROR_CODES, toPacketBytes, type ErrorCode, type Packet } from '@spindle/chaincode/protocol';
import { machineIdentity } from '../contract-suite/fixture';
import { TX } from '../contract-suite/transactions';
import { inspectPacket, packetTransient } from '../support/packet-client';
import { SECURITY_TABLE, countOf } from './security-table';
import { type SecurityWorld, securityWorld } from './security-world';

const cardingA1 = machineIdentity('carding-a1');

/** Flips the given bits (distinct indexes into the bytes' bits) of a copy of `bytes`. */
function flipBits(bytes: Uint8Array, bits: readonly number[]): Uint8Array {
    const flipped = Uint8Array.from(bytes);
    for (const bit of bits) {
        flipped[bit >> 3] = (flipped[bit >> 3] ?? 0) ^ (1 << (bit & 7));
    }
    return flipped;
}

describe('security: fuzzed packets through the gateway (fast-check)', function () {
    this.timeout(30 * 60_000);
    let world: SecurityWorld;
    let valid: Packet;
    let validBytes: Uint8Array;

    before(async function () {
        world = await securityWorld();
        valid = await world.packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' });
        validBytes = toPacketBytes(valid);
    });

    /**
     * Endorses `send` on carding-a1's own peer without committing: a refused proposal never
     * reaches the orderer, so refusing it at endorsement is refusing it. Resolves to the code.
     */
    async function endorseOnly(transient: Record<string, Uint8Array>): Promise<string | undefined> {
        const contract = await world.gateway.contract(cardingA1);
        return contract.evaluate(TX.communication.send, { transientData: transient }).then(
            () => 'ACCEPTED',
            (error: unknown) => errorCodeOf(error),
        );
    }

    async function fuzz<T>(
        tried: string,
        numRuns: number,
        arbitrary: fc.Arbitrary<T>,
        transientOf: (value: T) => Record<string, Uint8Array>,
        allowed: readonly string[],
    ): Promise<void> {
        const heightBefore = await world.height();
        const seen = new Map<string, number>();
        await fc.assert(
            fc.asyncProperty(arbitrary, async (value) => {
                const code = await endorseOnly(transientOf(value));
                seen.set(String(code), (seen.get(String(code)) ?? 0) + 1);
                expect(allowed, `answered ${String(code)}`).to.include(code);
            }),
            { numRuns },
        );
        expect(await world.height(), 'an endorsement-only refusal reached a block').to.equal(heightBefore);
        await world.expectHealthy();
        const codes = [...seen.entries()].map(([code, count]) => `${code} ${count}`).join(', ');
        SECURITY_TABLE.record({
            tried,
            count: numRuns,
            held: `all refused (${codes}); no block`,
            lost: 0,
            passed: true,
        });
    }

    it('refuses packets with 1 to 4 flipped bits with PACKET_INCOMPLETE', async function () {
        const bits = validBytes.length * 8;
        await fuzz(
            'bit-flipped packets (endorse only)',
            countOf(1000, 5000),
            fc.uniqueArray(fc.nat(bits - 1), { minLength: 1, maxLength: 4 }),
            (flips) => packetTransient(flipBits(validBytes, flips)),
            ['PACKET_INCOMPLETE'],
        );
    });

    it('refuses arbitrary bytes and arbitrary JSON with PACKET_INCOMPLETE', async function () {
        await fuzz(
            'arbitrary bytes or JSON as a packet (endorse only)',
            countOf(500, 2000),
            fc.oneof(
                fc.uint8Array({ minLength: 1, maxLength: 2048 }),
                fc.json().map((text) => Buffer.from(text, 'utf8')),
                fc.jsonValue().map((value) => Buffer.from(JSON.stringify({ ...valid, extra: value }), 'utf8')),
            ),
            (bytes) => packetTransient(bytes),
            ['PACKET_INCOMPLETE'],
        );
    });

    it('refuses a packet with any one field replaced, checksum recomputed or not, never accepting it', async function () {
        const fields = Object.keys(valid) as (keyof Packet)[];
        const anyCode: readonly ErrorCode[] = ERROR_CODES;
        await fuzz(
            'packets with a field replaced, re-checksummed or not (endorse only)',
            countOf(1000, 5000),
            fc.record({
                field: fc.constantFrom(...fields),
                value: fc.oneof(fc.jsonValue(), fc.string(), fc.nat(), fc.constant(undefined)),
                reinspect: fc.boolean(),
            }),
            ({ field, value, reinspect }) => {
                const mutated = { ...valid, [field]: value } as Packet;
                if (JSON.stringify(mutated[field]) === JSON.stringify(valid[field])) {
                    // The same value again would be the valid packet: change it for sure.
                    (mutated as unknown as Record<string, unknown>)[field] = ['changed'];
                }
                return packetTransient(
                    Buffer.from(JSON.stringify(reinspect && field !== 'inspection' ? inspectPacket(mutated) : mutated)),
                );
            },
            anyCode,
        );
    });

    it('refuses bit-flipped packets all the way through submit, writing nothing', async function () {
        const runs = countOf(10, 50);
        const samples = fc.sample(fc.uniqueArray(fc.nat(validBytes.length * 8 - 1), { minLength: 1, maxLength: 4 }), {
            numRuns: runs,
        });
        for (const flips of samples) {
            await world.refusesWithoutWrites(
                'PACKET_INCOMPLETE',
                () => world.sendAs(cardingA1, packetTransient(flipBits(validBytes, flips))),
                ['drawing-b1'],
            );
        }
        await world.expectHealthy();
        SECURITY_TABLE.record({
            tried: 'bit-flipped packets (submit)',
            count: runs,
            held: 'refused PACKET_INCOMPLETE; no block, inbox unchanged',
            lost: 0,
            passed: true,
        });
    });
});
