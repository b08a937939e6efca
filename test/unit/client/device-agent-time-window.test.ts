import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { pino } from 'pino';

import { EVENT_NAMES, LIMITS, type Packet, type QueryRecord } from '@spindle/chaincode/protocol';
import { DeviceAgent, FileCheckpointer, type MachineSession, buildPacket, eciesCipher } from '@spindle/client';
import { newMachineKeys, registeredKeys } from '../support/machine-keys';

const SENT_AT = new Date('2026-03-02T06:00:00.000Z');
const QUERY_ID = 'f'.repeat(64);

/** What the agent did with the one query it was shown. */
interface Outcome {
    denials: { reason: string; detail?: string }[];
    replies: Packet[];
}

/**
 * Runs an agent for `lap-former-b1` over one `QueryRequested` event, its machine's clock set
 * to `clock`, against fakes of its contract clients that hold one query stamped {@link SENT_AT}.
 */
async function answerOnce(clock: Date): Promise<Outcome> {
    const requester = newMachineKeys();
    const responder = newMachineKeys();
    const requesterSigning = requester.signing;
    const { signing: responderSigning, encryption: responderEncryption } = responder;
    const packet = buildPacket(
        {
            senderId: 'carding-a1',
            receiverId: 'lap-former-b1',
            type: 'query',
            plaintext: Buffer.from('{"what":"status"}'),
            receiverEncryptionKeyPem: responderEncryption.publicKeyPem,
            signingKeyPem: requesterSigning.privateKeyPem,
            now: SENT_AT,
        },
        eciesCipher,
    );
    const record: QueryRecord = {
        queryId: QUERY_ID,
        requesterId: 'carding-a1',
        responderId: 'lap-former-b1',
        status: 'REQUESTED',
        requestedAt: SENT_AT.toISOString(),
        requestInspection: packet.inspection,
        rejections: [],
        updatedAt: SENT_AT.toISOString(),
    };
    const keys = (machineId: string) => registeredKeys(machineId, machineId === 'carding-a1' ? requester : responder);
    const entry = { messageId: QUERY_ID, mailbox: 'inbox', recordedAt: SENT_AT.toISOString(), packet };
    const outcome: Outcome = { denials: [], replies: [] };
    const event: ChaincodeEvent = {
        eventName: EVENT_NAMES.queryRequested,
        blockNumber: 7n,
        transactionId: QUERY_ID,
        chaincodeName: 'spindle',
        payload: Buffer.from(
            JSON.stringify({ queryId: QUERY_ID, senderId: 'carding-a1', receiverId: 'lap-former-b1' }),
        ),
    };
    const machine = {
        machineId: 'lap-former-b1',
        encryptionPrivateKeyPem: responderEncryption.privateKeyPem,
        signingKeyPem: responderSigning.privateKeyPem,
        session: {
            network: {
                getChaincodeEvents: () =>
                    Promise.resolve({
                        close: () => undefined,
                        async *[Symbol.asyncIterator]() {
                            yield await Promise.resolve(event);
                        },
                    }),
            },
        },
        registry: { keys: (machineId: string) => Promise.resolve(keys(machineId)) },
        queries: {
            get: () => Promise.resolve(record),
            deny: (denial: { reason: string; detail?: string }) => {
                outcome.denials.push(denial);
                return Promise.resolve({ ...record, status: 'DENIED' });
            },
            respond: (reply: Packet) => {
                outcome.replies.push(reply);
                return Promise.resolve({ ...record, status: 'ANSWERED' });
            },
        },
        communication: {
            findDelivered: () => Promise.resolve(entry),
            readMailbox: () => Promise.resolve(entry),
            appendBlock: () =>
                Promise.resolve({ machineId: 'lap-former-b1', seq: 1, hash: '0'.repeat(64), updatedAt: '' }),
        },
    } as unknown as MachineSession;
    const agent = new DeviceAgent({
        machines: [machine],
        checkpointer: FileCheckpointer.open(join(mkdtempSync(join(tmpdir(), 'spindle-agent-')), 'checkpoint.json')),
        cipher: eciesCipher,
        answer: () => Promise.resolve(Buffer.from('{"status":"running"}')),
        logger: pino({ level: 'silent' }),
        chaincode: 'spindle',
        clock: () => clock,
    });
    await agent.run();
    return outcome;
}

describe("the device agent's step 5 time window, by its own clock", function () {
    it('answers a query stamped within the window', async function () {
        const outcome = await answerOnce(new Date(SENT_AT.getTime() + LIMITS.packetMaxAgeMs - 1000));
        expect(outcome.denials).to.deep.equal([]);
        expect(outcome.replies).to.have.length(1);
    });

    it('denies a query older than packetMaxAgeMs as EXPIRED, and answers nothing', async function () {
        const outcome = await answerOnce(new Date(SENT_AT.getTime() + LIMITS.packetMaxAgeMs + 1000));
        expect(outcome.denials.map((denial) => denial.reason)).to.deep.equal(['EXPIRED']);
        expect(outcome.replies).to.deep.equal([]);
    });

    it('denies a query stamped further ahead than packetMaxSkewMs as EXPIRED, and answers nothing', async function () {
        const outcome = await answerOnce(new Date(SENT_AT.getTime() - LIMITS.packetMaxSkewMs - 1000));
        expect(outcome.denials.map((denial) => denial.reason)).to.deep.equal(['EXPIRED']);
        expect(outcome.replies).to.deep.equal([]);
    });

    it('answers a query stamped slightly ahead, within the skew', async function () {
        const outcome = await answerOnce(new Date(SENT_AT.getTime() - LIMITS.packetMaxSkewMs + 1000));
        expect(outcome.denials).to.deep.equal([]);
        expect(outcome.replies).to.have.length(1);
    });
});
