import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';
import { pino } from 'pino';

import { EVENT_NAMES, batchMessageId } from '@spindle/chaincode/protocol';
import { DeviceAgent, FileCheckpointer, type MachineSession, eciesCipher } from '@spindle/client';

const TX_ID = 'b'.repeat(64);
const ids = [0, 1, 2, 3].map((index) => batchMessageId(TX_ID, index));

/** An agent for `machineId` that records which inbox messages it moved into the chain, block by block. */
function agentMachine(machineId: string, event: ChaincodeEvent, appended: string[][]): MachineSession {
    return {
        machineId,
        encryptionPrivateKeyPem: '',
        signingKeyPem: '',
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
        communication: {
            readMailbox: ({ messageId }: { messageId: string }) =>
                Promise.resolve({ messageId, mailbox: 'inbox', recordedAt: '', packet: {} }),
            appendBlock: (command: { entries: { messageId: string }[] }) => {
                appended.push(command.entries.map((entry) => entry.messageId));
                return Promise.resolve({ machineId, seq: appended.length, hash: '0'.repeat(64), updatedAt: '' });
            },
        },
    } as unknown as MachineSession;
}

describe("the device agent and a batch's MessagesSent event", function () {
    it("moves every message of the batch to one of its machines into that machine's chain, and no other", async function () {
        const event: ChaincodeEvent = {
            eventName: EVENT_NAMES.messagesSent,
            blockNumber: 9n,
            transactionId: TX_ID,
            chaincodeName: 'spindle',
            payload: Buffer.from(
                JSON.stringify({
                    messages: [
                        { messageId: ids[0], senderId: 'carding-a1', receiverId: 'lap-former-b1' },
                        { messageId: ids[1], senderId: 'carding-a2', receiverId: 'comber-c1' },
                        { messageId: ids[2], senderId: 'carding-a2', receiverId: 'lap-former-b1' },
                        { messageId: ids[3], senderId: 'carding-a1', receiverId: 'comber-c1' },
                    ],
                }),
            ),
        };
        const appended: string[][] = [];
        const agent = new DeviceAgent({
            machines: [agentMachine('lap-former-b1', event, appended)],
            checkpointer: FileCheckpointer.open(join(mkdtempSync(join(tmpdir(), 'spindle-agent-')), 'checkpoint.json')),
            cipher: eciesCipher,
            answer: () => Promise.resolve(Buffer.from('{}')),
            logger: pino({ level: 'silent' }),
            chaincode: 'spindle',
        });
        await agent.run();
        expect(appended).to.deep.equal([[ids[0], ids[2]]]);
    });
});
