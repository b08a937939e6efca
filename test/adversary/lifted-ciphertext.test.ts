import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';

import {
    DeviceAgent,
    FileCheckpointer,
    buildPacket as clientBuildPacket,
    decryptPayload,
    eciesCipher,
    machineAnswerer,
} from '@spindle/client';
import { mailboxEntrySchema, queryRecordSchema, type QueryRecord } from '@spindle/chaincode/protocol';

import type { ReadyMachine } from '../support/machines';
import { buildPacket, packetTransient } from '../support/packet-client';
import { ADVERSARY_TABLE } from './support/adversary-table';
import { submitThroughHonestPeers } from './support/honest-submit';
import { machineIdentity } from './support/identities';
import { readOnEveryPeer } from './support/peer-reads';
import { buildProposal } from './support/proposal';
import { activeMachine, adversaryContext } from './support/setup';

const ORIGINAL_SENDER = 'winder-a1';
const RECEIVER = 'lap-former-b1';
const ATTACKER = 'comber-c2';
const ANSWER_WAIT_MS = 60_000;

describe('adversary: ciphertext lifted from an endorsement and re-sent inside a new query', function () {
    this.timeout(300_000);
    const ctx = adversaryContext();
    let receiver: ReadyMachine;
    let attacker: ReadyMachine;
    let agent: DeviceAgent | undefined;
    let running: Promise<void> = Promise.resolve();

    before(async function () {
        const sender = await activeMachine(ctx, ORIGINAL_SENDER);
        sender.machine.close();
        receiver = await activeMachine(ctx, RECEIVER);
        attacker = await activeMachine(ctx, ATTACKER);
        // The receiver's real device agent, answering with the default answerer.
        agent = new DeviceAgent({
            machines: [receiver.machine],
            checkpointer: FileCheckpointer.open(
                join(mkdtempSync(join(tmpdir(), 'spindle-adversary-')), 'checkpoint.json'),
            ),
            cipher: eciesCipher,
            answer: machineAnswerer(mkdtempSync(join(tmpdir(), 'spindle-adversary-data-'))),
            logger: pino({ level: 'silent' }),
            chaincode: ctx.config.chaincode.name,
        });
        running = agent.run();
    });

    after(async function () {
        agent?.stop();
        await running;
        receiver.machine.close();
        attacker.machine.close();
    });

    async function queryRecord(queryId: string): Promise<QueryRecord | undefined> {
        const reads = await readOnEveryPeer(
            ctx,
            machineIdentity(ctx, ATTACKER),
            ['QueryFlow:getQuery', queryId],
            ['MillC'],
        );
        const parsed = queryRecordSchema.safeParse(
            JSON.parse(reads.MillC?.startsWith('{') === true ? reads.MillC : 'null'),
        );
        return parsed.success ? parsed.data : undefined;
    }

    it("gets no answer that holds the original query's plaintext", async function () {
        const secret = `spinning plan of ${ORIGINAL_SENDER}, ${randomBytes(8).toString('hex')}`;
        // The packet MillA's machine built for MillB's: MillC's peer sees it when it helps endorse.
        const original = clientBuildPacket(
            {
                senderId: ORIGINAL_SENDER,
                receiverId: RECEIVER,
                type: 'query',
                plaintext: Buffer.from(secret, 'utf8'),
                receiverEncryptionKeyPem: receiver.encryptionKeys.publicKeyPem,
                signingKeyPem: machineIdentity(ctx, ORIGINAL_SENDER)
                    .privateKey.export({ type: 'pkcs8', format: 'pem' })
                    .toString(),
            },
            eciesCipher,
        );
        // MillC's machine wraps the lifted ciphertext in a query of its own, signed with its own key.
        const attackerIdentity = machineIdentity(ctx, ATTACKER);
        const lifted = buildPacket(
            {
                senderId: ATTACKER,
                receiverId: RECEIVER,
                type: 'query',
                timestamp: new Date(),
                payload: Buffer.from(original.payload, 'base64'),
            },
            attacker.machine.signingKeyPem,
        );
        const proposal = buildProposal({
            creator: attackerIdentity,
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            args: ['QueryFlow:request'],
            transient: packetTransient(lifted),
        });
        const submitted = await submitThroughHonestPeers(ctx, proposal, attackerIdentity, ['MillB', 'MillC']).catch(
            (error: unknown) => {
                if (error instanceof Error && error.message.startsWith('ENDORSEMENT_REFUSED')) {
                    return error.message;
                }
                throw error;
            },
        );
        if (typeof submitted === 'string') {
            // Refused before ordering: the lifted ciphertext never reached the receiver.
            ADVERSARY_TABLE.record({
                tried: `${ORIGINAL_SENDER} -> ${RECEIVER} query ciphertext re-sent by ${ATTACKER} in its own query`,
                count: 1,
                held: `refused before ordering: ${submitted.slice(0, 120)}`,
                lost: 0,
                passed: true,
            });
            return;
        }
        const { codes } = submitted;
        const queryId = proposal.transactionId;

        let query = await queryRecord(queryId);
        const deadline = Date.now() + ANSWER_WAIT_MS;
        while (query?.status === 'REQUESTED' && Date.now() < deadline) {
            await sleep(1000);
            query = await queryRecord(queryId);
        }
        let answer = '';
        if (query?.replyMessageId !== undefined) {
            const reads = await readOnEveryPeer(
                ctx,
                attackerIdentity,
                [
                    'Communication:readMailbox',
                    JSON.stringify({ machineId: ATTACKER, mailbox: 'inbox', messageId: query.replyMessageId }),
                ],
                ['MillC'],
            );
            const entry = mailboxEntrySchema.parse(JSON.parse(reads.MillC ?? 'null'));
            answer = Buffer.from(
                decryptPayload(entry.packet, attacker.encryptionKeys.privateKeyPem, eciesCipher),
            ).toString('utf8');
        }
        const leaked = answer.includes(secret);
        ADVERSARY_TABLE.record({
            tried: `${ORIGINAL_SENDER} -> ${RECEIVER} query ciphertext re-sent by ${ATTACKER} in its own query (${Object.values(codes).join('/')} on the peers), ${RECEIVER}'s agent running`,
            count: 1,
            held: `query ${query?.status ?? 'unread'}${query?.denial === undefined ? '' : ` (${query.denial.reason})`}; ${query?.replyMessageId === undefined ? 'no answer' : leaked ? 'the answer LEAKS the plaintext' : 'the answer holds no plaintext'}`,
            lost: 0,
            passed: !leaked && query?.status !== 'REQUESTED',
        });
        expect(leaked, `the receiver's agent sent the lifted query's plaintext back to ${ATTACKER}`).to.equal(false);
        expect(query?.status, 'the receiver settled the lifted query').to.not.equal('REQUESTED');
    });
});
