import { expect } from 'chai';

import {
    TRANSIENT_BLOCK_SEALS,
    blockHash,
    chainHeadSchema,
    merkleRoot,
    toCanonicalBytes,
    type SealEntry,
} from '@spindle/chaincode/protocol';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { millNames } from './support/endpoints';
import { processProposal } from './support/endorser';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { machineIdentity, millIdentity } from './support/identities';
import { blockKey, collectionOf, compositeKey } from './support/keys';
import { buildProposal } from './support/proposal';
import { readOnEveryPeer } from './support/peer-reads';
import { activeMachine, adversaryContext } from './support/setup';

/** A MillA machine; MillA holds its key, so MillA can sign anything as this machine. */
const MACHINE = 'carding-a2';
const anchorKey = (seq: number): string => compositeKey('chain-anchor', MACHINE, String(seq).padStart(12, '0'));
const TIP_KEY = compositeKey('chain-tip', MACHINE);

function sealOf(firstSeq: number, count: number, root: string): SealEntry {
    return {
        kind: 'seal',
        machineId: MACHINE,
        firstSeq,
        lastSeq: firstSeq + count - 1,
        count,
        root,
        fromTimestamp: '2026-12-02T06:00:00.000Z',
        toTimestamp: '2026-12-02T06:10:00.000Z',
    };
}

describe("adversary: a mill re-seals its own machine's readings to answer with edited values", function () {
    this.timeout(300_000);
    const ctx = adversaryContext();
    const headArgs = ['Communication:getChainHead', MACHINE];
    let honest: SealEntry;

    before(async function () {
        // Set-up through Spindle's client: the machine seals 10 readings, as its agent would.
        const { machine } = await activeMachine(ctx, MACHINE);
        try {
            const head = await machine.communication.chainHead(MACHINE).catch(() => undefined);
            honest = sealOf((head?.sealedThrough ?? 0) + 1, 10, 'a1'.repeat(32));
            await machine.communication.appendBlock({ machineId: MACHINE, entries: [] }, [], [honest]);
        } finally {
            machine.close();
        }
    });

    it('is refused SEAL_DISCONTINUOUS by every honest endorser, proposed with the machine’s own key', async function () {
        const reader = machineIdentity(ctx, MACHINE);
        const before = await readOnEveryPeer(ctx, reader, headArgs, ['MillA']);
        const edited = { ...honest, root: 'e0'.repeat(32) };
        const proposal = buildProposal({
            creator: machineIdentity(ctx, MACHINE),
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            args: ['Communication:appendBlock', JSON.stringify({ machineId: MACHINE, entries: [] })],
            transient: { [TRANSIENT_BLOCK_SEALS]: toCanonicalBytes([edited]) },
        });
        const answers = [];
        for (const mill of millNames(ctx)) {
            answers.push({ mill, ...(await processProposal(ctx, mill, proposal.signedProposal)) });
        }
        const endorsed = answers.filter(({ status }) => status === 200).map(({ mill }) => mill);
        const after = await readOnEveryPeer(ctx, reader, headArgs, ['MillA']);
        ADVERSARY_TABLE.record({
            tried: `readings ${honest.firstSeq}..${honest.lastSeq} of ${MACHINE} sealed again under an edited root, signed by the machine, to every peer`,
            count: answers.length,
            held:
                endorsed.length === 0 ? 'every peer refused SEAL_DISCONTINUOUS' : `ENDORSED by ${endorsed.join(', ')}`,
            lost: 0,
            passed: endorsed.length === 0,
        });
        for (const answer of answers) {
            expect(answer.status, `${answer.mill}'s peer`).to.not.equal(200);
            expect(answer.message, `${answer.mill}'s peer`).to.include('SEAL_DISCONTINUOUS');
        }
        expect(after, 'the chain head').to.deep.equal(before);
    });

    it("ends invalid on every peer when MillA's own peer alone endorses the re-seal's writes", async function () {
        const reader = millIdentity(ctx, 'MillB', 'operator');
        const owner = machineIdentity(ctx, MACHINE);
        const before = await readOnEveryPeer(ctx, owner, headArgs, ['MillA']);
        const head = chainHeadSchema.parse(JSON.parse(before.MillA ?? ''));
        const seq = head.seq + 1;
        const edited = { ...honest, root: 'e1'.repeat(32) };
        const header = {
            machineId: MACHINE,
            seq,
            prevHash: head.hash,
            merkleRoot: merkleRoot([edited]),
            timestamp: new Date().toISOString(),
        };
        const hash = blockHash(header);
        const json = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value), 'utf8');
        const outcome = await forgeAndBroadcast(ctx, {
            creator: owner,
            endorsers: [millIdentity(ctx, 'MillA', 'peer')],
            args: ['Communication:appendBlock', JSON.stringify({ machineId: MACHINE, entries: [] })],
            rwset: {
                writes: [
                    { key: anchorKey(seq), value: json({ machineId: MACHINE, seq, hash, prevHash: head.hash }) },
                    {
                        key: TIP_KEY,
                        value: json({
                            machineId: MACHINE,
                            seq,
                            hash,
                            updatedAt: header.timestamp,
                            sealedThrough: edited.lastSeq,
                        }),
                    },
                ],
                collections: [
                    {
                        name: collectionOf(MACHINE),
                        writes: [{ key: blockKey(MACHINE, seq), value: json({ ...header, entries: [edited] }) }],
                    },
                ],
            },
        });
        const after = await readOnEveryPeer(ctx, owner, headArgs, ['MillA']);
        const anchor = await readOnEveryPeer(ctx, reader, ['Communication:getBlockHash', MACHINE, String(seq)]);
        ADVERSARY_TABLE.record({
            tried: `a block re-sealing ${MACHINE}'s readings ${edited.firstSeq}..${edited.lastSeq}, endorsed by MillA's peer alone`,
            count: 1,
            held: `${describeOutcome(outcome)}; no anchor of block ${String(seq)} on any peer`,
            lost: 0,
            passed: failedEverywhere(outcome) && Object.values(anchor).every((read) => read.includes('NOT_FOUND')),
        });
        expect(failedEverywhere(outcome), describeOutcome(outcome)).to.equal(true);
        expect(after, 'the chain head').to.deep.equal(before);
        for (const [mill, read] of Object.entries(anchor)) {
            expect(read, `${mill}'s peer: anchor of block ${String(seq)}`).to.include('NOT_FOUND');
        }
    });
});
