import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { appendBlock, verifyChain } from '@spindle/chaincode/domain';
import { merkleRoot } from '@spindle/chaincode/protocol';
import type { ChainAnchor, ChainBlock, ChainHead, MailboxEntry } from '@spindle/chaincode/protocol';
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
    anchors: ChainAnchor[];
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
        const anchors: ChainAnchor[] = [];
        let head: ChainHead | undefined;
        let index = 0;
        for (const specs of blockEntries) {
            const entries = specs.map(([mailbox, bytes]) => entry((index += 1), mailbox, bytes));
            const appended = appendBlock(MACHINE, head, entries, new Date(START + index * 1000 + 500).toISOString());
            blocks.push(appended.block);
            anchors.push(appended.anchor);
            head = appended.head;
        }
        return { blocks, anchors, head };
    });

/** A chain and the seq of one of its blocks. */
const chainsWithBlock = chains.chain((chain) =>
    fc.record({ chain: fc.constant(chain), seq: fc.integer({ min: 1, max: chain.blocks.length }) }),
);

/**
 * Verifies a page of stored `blocks` against the chain's public anchors and tip, as the
 * contract does: the blocks from `fromSeq` on, at most `maxBlocks`.
 */
function verify(
    blocks: readonly ChainBlock[],
    head: ChainHead | undefined,
    anchors: readonly ChainAnchor[],
    fromSeq = 1,
    maxBlocks = 100,
) {
    return verifyChain({
        machineId: MACHINE,
        fromSeq,
        maxBlocks,
        tip: head,
        previous: anchors.find((anchor) => anchor.seq === fromSeq - 1),
        anchors: new Map(anchors.map((anchor) => [anchor.seq, anchor])),
        blocks: blocks.filter((block) => block.seq >= fromSeq),
    });
}

function replaceBlock(blocks: ChainBlock[], seq: number, change: (block: ChainBlock) => ChainBlock): ChainBlock[] {
    return blocks.map((block) => (block.seq === seq ? change(block) : block));
}

describe('communication chain verification', function () {
    it('accepts every chain appendBlock builds, with its length and head hash', function () {
        fc.assert(
            fc.property(chains, ({ blocks, anchors, head }) => {
                expect(verify(blocks, head, anchors)).to.deep.equal({
                    ok: true,
                    fromSeq: 1,
                    toSeq: blocks.length,
                    length: blocks.length,
                    headHash: head?.hash,
                });
            }),
        );
    });

    it('accepts the empty chain of a machine that has no block yet', function () {
        expect(verify([], undefined, [])).to.deep.equal({
            ok: true,
            fromSeq: 1,
            toSeq: 0,
            length: 0,
            headHash: '0'.repeat(64),
        });
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
                expect(verify(blocks, chain.head, chain.anchors)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'MERKLE_ROOT_MISMATCH',
                });
            }),
        );
    });

    it('finds a changed header at its own block, by its anchor', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = replaceBlock(chain.blocks, seq, (block) => ({
                    ...block,
                    timestamp: new Date(0).toISOString(),
                }));
                expect(verify(blocks, chain.head, chain.anchors)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'ANCHOR_MISMATCH',
                });
            }),
        );
    });

    it('finds a removed block as a gap where it was', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = chain.blocks.filter((block) => block.seq !== seq);
                expect(verify(blocks, chain.head, chain.anchors)).to.deep.equal({
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
                expect(verify(blocks, chain.head, chain.anchors)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'MACHINE_MISMATCH',
                });
            }),
        );
    });

    it('finds blocks beyond the head, and a chain without its head', function () {
        fc.assert(
            fc.property(chains, ({ blocks, anchors, head }) => {
                const earlier = head === undefined ? undefined : { ...head, seq: head.seq - 1 };
                expect(verify(blocks, earlier, anchors)).to.deep.include({ ok: false, reason: 'HEAD_MISMATCH' });
                expect(verify(blocks, undefined, anchors)).to.deep.equal({
                    ok: false,
                    brokenAt: 1,
                    reason: 'HEAD_MISMATCH',
                });
            }),
        );
    });

    it('finds a block rewritten whole, header and Merkle root consistent, by its anchor', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = replaceBlock(chain.blocks, seq, (block) => {
                    const entries = block.entries.map((entry) => ({ ...entry, recordedAt: new Date(0).toISOString() }));
                    return { ...block, entries, merkleRoot: merkleRoot(entries) };
                });
                expect(verify(blocks, chain.head, chain.anchors)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'ANCHOR_MISMATCH',
                });
            }),
        );
    });

    it('finds a block without its anchor', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const anchors = chain.anchors.filter((anchor) => anchor.seq !== seq);
                expect(verify(chain.blocks, chain.head, anchors)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'ANCHOR_MISMATCH',
                });
            }),
        );
    });

    it('verifies in pages that resume where the last one stopped and reach the same head', function () {
        fc.assert(
            fc.property(chains, fc.integer({ min: 1, max: 4 }), ({ blocks, anchors, head }, maxBlocks) => {
                let fromSeq = 1;
                const pages: [number, number][] = [];
                for (;;) {
                    const page = verify(blocks, head, anchors, fromSeq, maxBlocks);
                    if (!page.ok) {
                        throw new Error(`page from ${fromSeq} broke at ${page.brokenAt}: ${page.reason}`);
                    }
                    pages.push([page.fromSeq, page.toSeq]);
                    expect(page.toSeq - page.fromSeq + 1).to.be.at.most(maxBlocks);
                    if (page.nextSeq === undefined) {
                        expect(page.headHash).to.equal(head?.hash);
                        expect(page.toSeq).to.equal(blocks.length);
                        break;
                    }
                    expect(page.nextSeq).to.equal(page.toSeq + 1);
                    fromSeq = page.nextSeq;
                }
                expect(pages[0]?.[0]).to.equal(1);
            }),
        );
    });

    it('finds a changed block on the page that holds it, linked to the anchor before the page', function () {
        fc.assert(
            fc.property(chainsWithBlock, ({ chain, seq }) => {
                const blocks = replaceBlock(chain.blocks, seq, (block) => ({ ...block, prevHash: 'f'.repeat(64) }));
                expect(verify(blocks, chain.head, chain.anchors, seq, 1)).to.deep.equal({
                    ok: false,
                    brokenAt: seq,
                    reason: 'PREVIOUS_HASH_MISMATCH',
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
