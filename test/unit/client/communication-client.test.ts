import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { CommunicationClient, type SpindleGateway, type SubmitOptions } from '@spindle/client';
import {
    TRANSIENT_BLOCK_ENTRIES,
    toCanonicalBytes,
    toCanonicalJson,
    type ChainVerification,
    type MailboxEntry,
} from '@spindle/chaincode/protocol';
import { buildPacket } from '../../support/packet-client';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

function entry(index: number): MailboxEntry {
    const timestamp = new Date(Date.parse('2025-03-01T08:00:00.000Z') + index * 1000);
    const packet = buildPacket(
        { senderId: 'carding-a1', receiverId: 'comber-c1', type: 'upload', timestamp, payload: Uint8Array.of(index) },
        signingKey,
    );
    return {
        messageId: index.toString(16).padStart(64, '0'),
        mailbox: 'inbox',
        recordedAt: timestamp.toISOString(),
        packet,
    };
}

const HEAD = { machineId: 'comber-c1', seq: 1, hash: 'a'.repeat(64), updatedAt: '2025-03-01T08:00:10.000Z' };

/** A session that records what the client asks of the gateway and answers from `answers`. */
class FakeSession {
    readonly evaluated: [string, string[]][] = [];
    readonly submitted: [string, SubmitOptions][] = [];

    constructor(private readonly answers: (transaction: string, args: string[]) => unknown) {}

    evaluate(transaction: string, args: string[] = []): Promise<Uint8Array> {
        this.evaluated.push([transaction, args]);
        return Promise.resolve(Buffer.from(toCanonicalJson(this.answers(transaction, args))));
    }

    submit(transaction: string, options: SubmitOptions = {}) {
        this.submitted.push([transaction, options]);
        return Promise.resolve({ result: Buffer.from(toCanonicalJson(HEAD)), transactionId: 'tx', blockNumber: 1n });
    }

    endorsersForMachines(machineIds: readonly string[]): Promise<string[]> {
        expect(machineIds).to.deep.equal(['comber-c1']);
        return Promise.resolve(['MillCMSP', 'MillAMSP']);
    }

    asGateway(): SpindleGateway {
        return this as unknown as SpindleGateway;
    }
}

describe('the communication client and the anchored chain', function () {
    it('sends the entries it moves in the transient map, reading those it was not given, endorsed by a majority', async function () {
        const [first, second] = [entry(1), entry(2)];
        const session = new FakeSession((transaction, args) => {
            expect(transaction).to.equal('Communication:readMailbox');
            expect(JSON.parse(args[0] ?? '{}')).to.include({ messageId: second.messageId });
            return second;
        });
        const head = await new CommunicationClient(session.asGateway()).appendBlock(
            {
                machineId: 'comber-c1',
                entries: [
                    { mailbox: 'inbox', messageId: first.messageId },
                    { mailbox: 'inbox', messageId: second.messageId },
                ],
            },
            [first],
        );
        expect(head).to.deep.equal(HEAD);
        expect(session.evaluated).to.have.length(1);
        const [[transaction, options] = ['', {}]] = session.submitted;
        expect(transaction).to.equal('Communication:appendBlock');
        expect(options.endorsingOrganizations).to.deep.equal(['MillCMSP', 'MillAMSP']);
        expect(Buffer.from(options.transient?.[TRANSIENT_BLOCK_ENTRIES] ?? []).toString()).to.equal(
            Buffer.from(toCanonicalBytes([first, second])).toString(),
        );
    });

    it('walks every page of a chain verification, resuming at each nextSeq', async function () {
        const length = 250;
        const session = new FakeSession((transaction, args): ChainVerification => {
            expect(transaction).to.equal('Communication:verifyChain');
            const [, from = '1', max = '1'] = args;
            const fromSeq = Number(from);
            const toSeq = Math.min(length, fromSeq + Number(max) - 1);
            return toSeq < length
                ? { ok: true, fromSeq, toSeq, length, headHash: 'b'.repeat(64), nextSeq: toSeq + 1 }
                : { ok: true, fromSeq, toSeq, length, headHash: 'c'.repeat(64) };
        });
        const pages: ChainVerification[] = [];
        const result = await new CommunicationClient(session.asGateway()).verifyWholeChain('comber-c1', (page) =>
            pages.push(page),
        );
        expect(session.evaluated.map(([, args]) => args)).to.deep.equal([
            ['comber-c1', '1', '100'],
            ['comber-c1', '101', '100'],
            ['comber-c1', '201', '100'],
        ]);
        expect(pages).to.have.length(3);
        expect(result).to.deep.equal({ ok: true, fromSeq: 1, toSeq: 250, length: 250, headHash: 'c'.repeat(64) });
    });

    it('verifies a bounded span from a given block and says where to resume', async function () {
        const length = 1_000_000;
        const session = new FakeSession((_transaction, args): ChainVerification => {
            const [, from = '1', max = '1'] = args;
            const fromSeq = Number(from);
            const toSeq = Math.min(length, fromSeq + Number(max) - 1);
            return { ok: true, fromSeq, toSeq, length, headHash: 'b'.repeat(64), nextSeq: toSeq + 1 };
        });
        const result = await new CommunicationClient(session.asGateway()).verifyWholeChain('comber-c1', undefined, {
            fromSeq: 500_001,
            maxBlocks: 250,
        });
        expect(session.evaluated.map(([, args]) => args)).to.deep.equal([
            ['comber-c1', '500001', '100'],
            ['comber-c1', '500101', '100'],
            ['comber-c1', '500201', '50'],
        ]);
        expect(result).to.deep.equal({
            ok: true,
            fromSeq: 500_001,
            toSeq: 500_250,
            length,
            headHash: 'b'.repeat(64),
            nextSeq: 500_251,
        });
    });

    it('stops at the first broken page', async function () {
        const session = new FakeSession((_transaction, args): ChainVerification =>
            args[1] === '1'
                ? { ok: true, fromSeq: 1, toSeq: 100, length: 300, headHash: 'b'.repeat(64), nextSeq: 101 }
                : { ok: false, brokenAt: 142, reason: 'ANCHOR_MISMATCH' },
        );
        const result = await new CommunicationClient(session.asGateway()).verifyWholeChain('comber-c1');
        expect(result).to.deep.equal({ ok: false, brokenAt: 142, reason: 'ANCHOR_MISMATCH' });
        expect(session.evaluated).to.have.length(2);
    });
});
