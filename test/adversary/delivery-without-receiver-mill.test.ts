import { expect } from 'chai';
import { randomBytes } from 'node:crypto';

import { toCanonicalBytes } from '@spindle/chaincode/protocol';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { machineIdentity, millIdentity } from './support/identities';
import { collectionOf, inboxKey, messageKey } from './support/keys';
import { readOnEveryPeer } from './support/peer-reads';
import { activeMachine, adversaryContext } from './support/setup';

const SENDER = 'blow-room-a1';
const RECEIVER = 'drawing-b1';

describe("adversary: a delivery endorsed only by other mills' peers", function () {
    this.timeout(300_000);
    const ctx = adversaryContext();

    before(async function () {
        const { machine } = await activeMachine(ctx, RECEIVER);
        machine.close();
    });

    it("ends invalid on every peer without the receiver's mill, and neither inbox nor message record appears", async function () {
        const inboxArgs = [
            'Communication:listMailbox',
            JSON.stringify({ machineId: RECEIVER, mailbox: 'inbox', pageSize: 100, bookmark: '' }),
        ];
        const receiverIdentity = machineIdentity(ctx, RECEIVER);
        const inboxBefore = await readOnEveryPeer(ctx, receiverIdentity, inboxArgs, ['MillB']);
        let messageId = '';
        const outcome = await forgeAndBroadcast(ctx, {
            creator: machineIdentity(ctx, SENDER),
            endorsers: [millIdentity(ctx, 'MillA', 'peer'), millIdentity(ctx, 'MillC', 'peer')],
            args: ['Communication:send'],
            rwset: (transactionId) => {
                messageId = transactionId;
                const entry = {
                    mailbox: 'inbox',
                    messageId: transactionId,
                    senderId: SENDER,
                    receiverId: RECEIVER,
                    type: 'download',
                    payload: randomBytes(64).toString('base64'),
                };
                const record = { messageId: transactionId, senderId: SENDER, receiverId: RECEIVER, type: 'download' };
                return {
                    writes: [{ key: messageKey(transactionId), value: toCanonicalBytes(record) }],
                    collections: [
                        {
                            name: collectionOf(RECEIVER),
                            writes: [{ key: inboxKey(RECEIVER, transactionId), value: toCanonicalBytes(entry) }],
                        },
                    ],
                };
            },
        });
        const reader = millIdentity(ctx, 'MillC', 'operator');
        const messageAfter = await readOnEveryPeer(ctx, reader, ['Communication:getMessage', messageId]);
        const inboxAfter = await readOnEveryPeer(ctx, receiverIdentity, inboxArgs, ['MillB']);
        const noMessage = Object.values(messageAfter).every((answer) => answer.includes('NOT_FOUND'));
        const inboxUnchanged = JSON.stringify(inboxAfter) === JSON.stringify(inboxBefore);
        ADVERSARY_TABLE.record({
            tried: `a delivery into ${RECEIVER}'s inbox (MillB's collection) and its public message record, endorsed by MillA's and MillC's peers`,
            count: 1,
            held: `${describeOutcome(outcome)}; message record ${noMessage ? 'absent' : 'PRESENT'}, inbox ${inboxUnchanged ? 'unchanged' : 'CHANGED'}`,
            lost: 0,
            passed: failedEverywhere(outcome) && noMessage && inboxUnchanged,
        });
        expect(failedEverywhere(outcome), describeOutcome(outcome)).to.equal(true);
        expect(noMessage, JSON.stringify(messageAfter)).to.equal(true);
        expect(inboxAfter).to.deep.equal(inboxBefore);
    });
});
