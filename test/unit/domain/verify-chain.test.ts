import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { appendBlock, verifyChain } from '@spindle/chaincode/domain';
import type { ChainBlock, ChainHead, MailboxEntry } from '@spindle/chaincode/protocol';
import { buildPacket } from '../../support/packet-client';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const MACHINE = 'comber-c1';
const START = Date.parse('2025-03-01T08:00:00.000Z');

function entry(index: number, mailbox: MailboxEntry['mailbox'], bytes: Uint8Array): MailboxEntry {
    const timestamp = new Date(START + index * 1000);
    const packet = buildPacket(
        mailbox === 'inbox'
            ? { senderId: 'carding-a1', receiverId: MACHINE, type: 'upload', timestamp, payload: bytes }
            : { senderId: MACHINE, receiverId: 'drawing-b1', type: 'download', timestamp, payload: bytes },
        signingKey,
    );
    return { messageId: index.toString(16).padStart(64, '0'), mailbox, recordedAt: timestamp.toISOString(), packet };
}

interface Chain {
    blocks: ChainBlock[];
    head: ChainHead | undefined;
}

/** Chains of 1 to 6 blocks of 1 to 3 entries each, built by appendBlock. */
const chains: fc.Arbitrary<Chain> = fc
    .array(
        fc.array(
            fc.tuple(
                fc.constantFrom('inbox' as const, 'outbox' as const),
                fc.uint8Array({ minLength: 1, maxLength: 40 }),
            ),
            { minLength: 1, maxLength: 3 },
        ),
        {
            minLength: 1,
            maxLength: 6,
        },
    )
    .map((blockEntries) => {
        const blocks: ChainBlock[] = [];
        let head: ChainHead | undefined;
        let index = 0;
        for (const specs of blockEntries) {
            const entries = specs.map(([mailbox, bytes]) => entry((index += 1), mailbox, bytes));
            const appended = appendBlock(MACHINE, head, entries, new Date(START + index * 1000 + 500).toISOString());
            blocks.push(appended.block);
            head = appended.head;
        }
        return { blocks, head };
    });

/** A chain and the seq of one of its blocks. */
const chainsWithBlock = chains.chain((chain) =>
    fc.record({ chain: fc.constant(chain), seq: fc.integer({ min: 1, max: chain.blocks.length }) }),
);

function replaceBlock(blocks: ChainBlock[], seq: number, change: (block: ChainBlock) => ChainBlock): ChainBlock[] {
    return blocks.map((block) => (block.seq === seq ? change(block) : block));
}

describe('communication chain verification', function () {
    it('accepts every chain appendBlock builds, with its length and head hash', function () {
        fc.assert(
            fc.property(chains, ({ blocks, head }) => {
                expect(verifyChain(MACHINE, blocks, head)).to.deep.equal({
                    ok: true,
                    length: blocks.length,
                    headHash: head?.hash,
                });
            }),
        );
    });

    it('accepts the empty chain of a machine that has no block yet', function () {
        expect(verifyChain(MACHINE, [], undefined)).to.deep.equal({ ok: true, length: 0, headHash: '0'.repeat(64) });
    });

    it('finds a changed entry at its own block, by the Merkle root', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = replaceBlock(chain.blocks, seq, (block) => ({
                    ...block,
                    entries: block.entries.map((entry, index) =>
                        index === 0 ? { ...entry, recordedAt: new Date(0).toISOString() } : entry,
                    ),
                }));
                expect(verifyChain(MACHINE, blocks, chain.head)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'MERKLE_ROOT_MISMATCH',
                });
            }),
        );
    });

    it('finds a changed header at the next link, or at the head for the last block', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = replaceBlock(chain.blocks, seq, (block) => ({
                    ...block,
                    timestamp: new Date(0).toISOString(),
                }));
                const last = seq === chain.blocks.length;
                expect(verifyChain(MACHINE, blocks, chain.head)).to.deep.equal(
                    last
                        ? { ok: false, brokenAt: seq, reason: 'HEAD_MISMATCH' }
                        : { ok: false, brokenAt: seq + 1, reason: 'PREVIOUS_HASH_MISMATCH' },
                );
            }),
        );
    });

    it('finds a removed block as a gap where it was', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = chain.blocks.filter((block) => block.seq !== seq);
                expect(verifyChain(MACHINE, blocks, chain.head)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'SEQUENCE_GAP',
                });
            }),
        );
    });

    it("finds another machine's block in the chain", function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = replaceBlock(chain.blocks, seq, (block) => ({ ...block, machineId: 'comber-c2' }));
                expect(verifyChain(MACHINE, blocks, chain.head)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'MACHINE_MISMATCH',
                });
            }),
        );
    });

    it('finds blocks beyond the head, and a chain without its head', function () {
        fc.assert(
            fc.property(chains, ({ blocks, head }) => {
                const earlier = head === undefined ? undefined : { ...head, seq: head.seq - 1 };
                expect(verifyChain(MACHINE, blocks, earlier)).to.deep.include({ ok: false, reason: 'HEAD_MISMATCH' });
                expect(verifyChain(MACHINE, blocks, undefined)).to.deep.equal({
                    ok: false,
                    brokenAt: 1,
                    reason: 'HEAD_MISMATCH',
                });
            }),
        );
    });

    it('links each block to the hash of the one before', function () {
        fc.assert(
            fc.property(chains, ({ blocks }) => {
                expect(blocks[0]?.prevHash).to.equal('0'.repeat(64));
                blocks.forEach((block, index) => {
                    expect(block.seq).to.equal(index + 1);
                });
            }),
        );
    });
});
