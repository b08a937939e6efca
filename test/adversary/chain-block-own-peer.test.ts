import { expect } from 'chai';
import { randomBytes } from 'node:crypto';

import { buildPacket, eciesCipher } from '@spindle/client';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { machineIdentity, millIdentity } from './support/identities';
import { CHAIN_HEAD_KEY, blockKey, collectionOf } from './support/keys';
import { readOnEveryPeer } from './support/peer-reads';
import { activeMachine, adversaryContext } from './support/setup';

const OWNER = 'comber-a1';
const PEER_OF_OWNER = 'winder-a1';

describe("adversary: a communication chain block rewritten by its own mill's peer", function () {
    this.timeout(300_000);
    const ctx = adversaryContext();
    let seq = 0;
    let setupFailure = '';

    before(async function () {
        try {
            seq = await appendOneBlock();
        } catch (error) {
            // A chain an earlier forgery rewrote can no longer be appended to: record it as what it is.
            setupFailure = error instanceof Error ? error.message.slice(0, 160) : String(error);
        }
    });

    async function appendOneBlock(): Promise<number> {
        // Set-up through Spindle's client: one message sent, its outbox entry sealed into a block.
        const sender = await activeMachine(ctx, OWNER);
        const receiver = await activeMachine(ctx, PEER_OF_OWNER);
        try {
            const packet = buildPacket(
                {
                    senderId: OWNER,
                    receiverId: PEER_OF_OWNER,
                    type: 'upload',
                    plaintext: Buffer.from('sliver quality, lot 7: CV 2.1 %'),
                    receiverEncryptionKeyPem: receiver.encryptionKeys.publicKeyPem,
                    senderEncryptionKeyPem: sender.encryptionKeys.publicKeyPem,
                    signingKeyPem: sender.machine.signingKeyPem,
                },
                eciesCipher,
            );
            const record = await sender.machine.communication.send(packet);
            const head = await sender.machine.communication.appendBlock({
                machineId: OWNER,
                entries: [{ mailbox: 'outbox', messageId: record.messageId }],
            });
            return head.seq;
        } finally {
            sender.machine.close();
            receiver.machine.close();
        }
    }

    it("ends invalid on every peer, and every peer still answers the block's true hash", async function () {
        if (setupFailure !== '') {
            ADVERSARY_TABLE.record({
                tried: `a block of ${OWNER}'s chain rewritten by MillA's peer alone`,
                count: 0,
                held: `set-up failed, the chain cannot take a block: ${setupFailure}`,
                lost: 0,
                passed: false,
            });
            expect.fail(`appending a block to ${OWNER}'s chain failed: ${setupFailure}`);
        }
        const reader = millIdentity(ctx, 'MillB', 'operator');
        const hashArgs = ['Communication:getBlockHash', OWNER, String(seq)];
        const before = await readOnEveryPeer(ctx, reader, hashArgs);
        const verifyArgs = ['Communication:verifyChain', OWNER];
        const chainBefore = await readOnEveryPeer(ctx, machineIdentity(ctx, OWNER), verifyArgs, ['MillA']);

        const forgedBlock = Buffer.from(
            JSON.stringify({ machineId: OWNER, seq, forged: randomBytes(8).toString('hex') }),
            'utf8',
        );
        const forgedHead = Buffer.from(JSON.stringify({ seq, hash: randomBytes(32).toString('hex') }), 'utf8');
        const outcome = await forgeAndBroadcast(ctx, {
            creator: millIdentity(ctx, 'MillA', 'operator'),
            endorsers: [millIdentity(ctx, 'MillA', 'peer')],
            args: ['Communication:appendBlock', JSON.stringify({ machineId: OWNER, entries: [] })],
            rwset: {
                collections: [
                    {
                        name: collectionOf(OWNER),
                        writes: [
                            { key: blockKey(OWNER, seq), value: forgedBlock },
                            { key: CHAIN_HEAD_KEY, value: forgedHead },
                        ],
                    },
                ],
            },
        });
        const after = await readOnEveryPeer(ctx, reader, hashArgs);
        const chainAfter = await readOnEveryPeer(ctx, machineIdentity(ctx, OWNER), verifyArgs, ['MillA']);
        const unchanged = JSON.stringify(after) === JSON.stringify(before);
        ADVERSARY_TABLE.record({
            tried: `block ${String(seq)} and the head of ${OWNER}'s chain rewritten (private writes), endorsed by MillA's peer alone`,
            count: 1,
            held: `${describeOutcome(outcome)}; getBlockHash ${unchanged ? 'unchanged' : 'CHANGED'} on every peer`,
            lost: 0,
            passed: failedEverywhere(outcome) && unchanged,
        });
        expect(before.MillA, 'the block hash before the attack').to.match(/"hash":"[0-9a-f]{64}"/);
        expect(failedEverywhere(outcome), describeOutcome(outcome)).to.equal(true);
        expect(after, 'getBlockHash changed').to.deep.equal(before);
        expect(chainAfter, 'verifyChain changed').to.deep.equal(chainBefore);
    });
});
