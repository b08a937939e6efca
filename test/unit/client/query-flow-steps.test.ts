import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { EVENT_NAMES, type QueryRecord } from '@spindle/chaincode/protocol';
import { type MachineSession, type QueryStep, buildPacket, eciesCipher, runQuery } from '@spindle/client';
import { newMachineKeys, registeredKeys } from '../support/machine-keys';

const QUERY_ID = 'a'.repeat(64);
const REPLY_ID = 'b'.repeat(64);
/** The responder signed its reply this long before the answer's event reached the requester... */
const SIGNED_BEFORE_EVENT_MS = 5_000;
/** ...and submitted the reply's transaction this long after signing it. */
const SUBMITTED_AFTER_SIGNING_MS = 300;

/**
 * Runs the requester's side of a query against fakes of its contract clients: the request
 * commits in block 40, and the answer's event (block 41) arrives with a reply the responder
 * signed {@link SIGNED_BEFORE_EVENT_MS} earlier, delivered by a transaction stamped
 * {@link SUBMITTED_AFTER_SIGNING_MS} after the signature.
 */
async function queryWithAnswerDelivered(): Promise<QueryStep[]> {
    const requesterKeys = newMachineKeys();
    const responderKeys = newMachineKeys();
    const { signing: requesterSigning, encryption: requesterEncryption } = requesterKeys;
    const responderSigning = responderKeys.signing;
    const keys = (machineId: string) =>
        registeredKeys(machineId, machineId === 'carding-a1' ? requesterKeys : responderKeys);
    const record: QueryRecord = {
        queryId: QUERY_ID,
        requesterId: 'carding-a1',
        responderId: 'lap-former-b1',
        status: 'REQUESTED',
        requestedAt: new Date().toISOString(),
        requestInspection: '0'.repeat(64),
        rejections: [],
        updatedAt: new Date().toISOString(),
    };
    const answered: ChaincodeEvent = {
        eventName: EVENT_NAMES.queryAnswered,
        blockNumber: 41n,
        transactionId: REPLY_ID,
        chaincodeName: 'spindle',
        payload: Buffer.from(
            JSON.stringify({
                queryId: QUERY_ID,
                replyMessageId: REPLY_ID,
                senderId: 'lap-former-b1',
                receiverId: 'carding-a1',
            }),
        ),
    };
    let eventSentAt = 0;
    const findDelivered = () => {
        const signedAt = new Date(eventSentAt - SIGNED_BEFORE_EVENT_MS);
        const reply = buildPacket(
            {
                senderId: 'lap-former-b1',
                receiverId: 'carding-a1',
                type: 'reply',
                inReplyTo: QUERY_ID,
                plaintext: Buffer.from('{"status":"ACTIVE"}'),
                receiverEncryptionKeyPem: requesterEncryption.publicKeyPem,
                signingKeyPem: responderSigning.privateKeyPem,
                now: signedAt,
            },
            eciesCipher,
        );
        const recordedAt = new Date(signedAt.getTime() + SUBMITTED_AFTER_SIGNING_MS).toISOString();
        return Promise.resolve({ messageId: REPLY_ID, mailbox: 'inbox', recordedAt, packet: reply });
    };
    const requester = {
        machineId: 'carding-a1',
        encryptionPrivateKeyPem: requesterEncryption.privateKeyPem,
        signingKeyPem: requesterSigning.privateKeyPem,
        registry: { keys: (machineId: string) => Promise.resolve(keys(machineId)) },
        queries: { requestCommitted: () => Promise.resolve({ query: record, blockNumber: 40n }) },
        communication: { findDelivered },
        session: {
            network: {
                getChaincodeEvents: () =>
                    Promise.resolve({
                        close: () => undefined,
                        [Symbol.asyncIterator]: async function* () {
                            eventSentAt = Date.now();
                            yield await Promise.resolve(answered);
                        },
                    }),
            },
        },
    } as unknown as MachineSession;
    const steps: QueryStep[] = [];
    await runQuery({
        requester,
        responderId: 'lap-former-b1',
        question: Buffer.from('{"what":"status"}'),
        cipher: eciesCipher,
        chaincode: 'spindle',
        onStep: (step) => steps.push(step),
    });
    return steps;
}

describe("the requester's report of steps 5 to 8", function () {
    it("dates the responder's steps by its signed reply and its transaction, and delivery by the event", async function () {
        const steps = await queryWithAnswerDelivered();
        const at = (step: number) => steps.find((entry) => entry.step === step);
        expect([5, 6, 7, 8].map((step) => at(step)?.outcome)).to.deep.equal(['ok', 'ok', 'ok', 'ok']);
        // Both responder times come from records with a fixed distance between them.
        expect((at(7)?.atMs ?? 0) - (at(6)?.atMs ?? 0)).to.equal(SUBMITTED_AFTER_SIGNING_MS);
        // The event came at least this long after the reply was submitted; more on a slow machine.
        expect((at(8)?.atMs ?? 0) - (at(7)?.atMs ?? 0)).to.be.at.least(
            SIGNED_BEFORE_EVENT_MS - SUBMITTED_AFTER_SIGNING_MS,
        );
        expect(at(8)?.detail).to.include('block 41');
        expect([5, 6, 7, 8].map((step) => at(step)?.clock)).to.deep.equal([
            'responder',
            'responder',
            'responder',
            'requester',
        ]);
    });
});
