import type { ChaincodeEvent, Checkpointer } from '@hyperledger/fabric-gateway';

import { EVENT_NAMES, type MailboxEntry, type Packet, type QueryRecord } from '@spindle/chaincode/protocol';
import { type MachineSession, SpindleError, buildPacket, eciesCipher } from '@spindle/client';

import { type MachineKeys, newMachineKeys, registeredKeys } from './machine-keys';

/** The requester and the responder of the fake's one query. */
export const REQUESTER_ID = 'carding-a1';
export const RESPONDER_ID = 'lap-former-b1';
export const QUERY_ID = 'a'.repeat(64);
export const REPLY_ID = 'b'.repeat(64);

const AT = '2026-03-02T06:00:00.000Z';

function notFound(what: string): SpindleError {
    return new SpindleError('NOT_FOUND', `${what} does not exist`);
}

/**
 * The ledger as one query's two machines see it, in memory, with the chaincode's rules that
 * make a restarted agent's repeats safe: a decision on a settled query is refused
 * STATE_INVALID, and an append of an entry no longer in the inbox NOT_FOUND. It counts every
 * transaction that committed, so a test can tell what a crash and a restart did twice.
 */
export class AgentLedgerFake {
    readonly keys = new Map<string, MachineKeys>([
        [REQUESTER_ID, newMachineKeys()],
        [RESPONDER_ID, newMachineKeys()],
    ]);
    query: QueryRecord;
    requesterStatus = 'ACTIVE';
    readonly inboxes = new Map<string, Map<string, MailboxEntry>>([
        [REQUESTER_ID, new Map()],
        [RESPONDER_ID, new Map()],
    ]);
    readonly chains = new Map<string, MailboxEntry[][]>([
        [REQUESTER_ID, []],
        [RESPONDER_ID, []],
    ]);
    readonly committed = { replies: 0, denials: 0, rejections: 0 };
    readonly events: ChaincodeEvent[] = [];
    /** Runs before a `respond` is endorsed, e.g. to commit a reply sent before a crash. */
    beforeRespond: () => void = () => undefined;
    /** Runs before the query's record is read, e.g. to answer from a peer that is behind. */
    beforeQueryRead: () => void = () => undefined;

    constructor() {
        const packet = this.packet(REQUESTER_ID, RESPONDER_ID, 'query');
        this.inbox(RESPONDER_ID).set(QUERY_ID, { messageId: QUERY_ID, mailbox: 'inbox', recordedAt: AT, packet });
        this.query = {
            queryId: QUERY_ID,
            requesterId: REQUESTER_ID,
            responderId: RESPONDER_ID,
            status: 'REQUESTED',
            requestedAt: AT,
            requestInspection: packet.inspection,
            rejections: [],
            updatedAt: AT,
        };
        this.emit(EVENT_NAMES.queryRequested, QUERY_ID, { queryId: QUERY_ID, receiverId: RESPONDER_ID });
    }

    /** Adds an event in the next block. */
    emit(eventName: string, transactionId: string, payload: object): void {
        this.events.push({
            eventName,
            transactionId,
            chaincodeName: 'spindle',
            blockNumber: BigInt(10 + this.events.length),
            payload: Buffer.from(JSON.stringify({ senderId: REQUESTER_ID, ...payload })),
        });
    }

    /** A packet between the two machines, signed by `signedBy` (the sender by default). */
    packet(senderId: string, receiverId: string, type: 'query' | 'reply', signedBy = senderId): Packet {
        return buildPacket(
            {
                senderId,
                receiverId,
                type,
                ...(type === 'reply' ? { inReplyTo: QUERY_ID } : {}),
                plaintext: Buffer.from('{"what":"status"}'),
                receiverEncryptionKeyPem: this.machineKeys(receiverId).encryption.publicKeyPem,
                signingKeyPem: this.machineKeys(signedBy).signing.privateKeyPem,
                now: new Date(),
            },
            eciesCipher,
        );
    }

    /** Commits a reply as the responder would, and the `QueryAnswered` event that tells the requester. */
    commitReply(packet: Packet): QueryRecord {
        if (this.query.status !== 'REQUESTED' && this.query.status !== 'REPLY_REJECTED') {
            throw new SpindleError('STATE_INVALID', `query is ${this.query.status}`);
        }
        // As the chaincode delivers: only to an ACTIVE receiver.
        if (this.requesterStatus !== 'ACTIVE') {
            throw new SpindleError('RECEIVER_UNKNOWN', `machine ${REQUESTER_ID} is ${this.requesterStatus}`);
        }
        this.inbox(REQUESTER_ID).set(REPLY_ID, { messageId: REPLY_ID, mailbox: 'inbox', recordedAt: AT, packet });
        this.query = { ...this.query, status: 'ANSWERED', replyMessageId: REPLY_ID, answeredAt: AT };
        this.committed.replies += 1;
        this.emit(EVENT_NAMES.queryAnswered, REPLY_ID, {
            queryId: QUERY_ID,
            replyMessageId: REPLY_ID,
            receiverId: REQUESTER_ID,
        });
        return { ...this.query };
    }

    /** How many times the chain of `machineId` holds `messageId`. */
    copiesInChain(machineId: string, messageId: string): number {
        return (this.chains.get(machineId) ?? []).flat().filter((entry) => entry.messageId === messageId).length;
    }

    inbox(machineId: string): Map<string, MailboxEntry> {
        const inbox = this.inboxes.get(machineId);
        if (!inbox) {
            throw notFound(`machine ${machineId}`);
        }
        return inbox;
    }

    /** The session of one machine over this ledger, as much of it as the agent uses. */
    session(machineId: string): MachineSession {
        const keys = this.machineKeys(machineId);
        return {
            machineId,
            encryptionPrivateKeyPem: keys.encryption.privateKeyPem,
            signingKeyPem: keys.signing.privateKeyPem,
            session: { network: { getChaincodeEvents: this.eventsAfter.bind(this) } },
            registry: { keys: (id: string) => Promise.resolve(this.registered(id)) },
            queries: {
                get: () => {
                    this.beforeQueryRead();
                    return Promise.resolve({ ...this.query });
                },
                respond: (packet: Packet) => {
                    this.beforeRespond();
                    return Promise.resolve().then(() => this.commitReply(packet));
                },
                deny: (denial: { reason: string; detail?: string }) =>
                    Promise.resolve().then(() => this.settle('DENIED', denial.reason, denial.detail)),
                rejectReply: (rejection: { reason: string }) =>
                    Promise.resolve().then(() => this.settle('REPLY_REJECTED', rejection.reason)),
            },
            communication: {
                readMailbox: (read: { machineId: string; messageId: string }) =>
                    Promise.resolve().then(() => this.stored(read.machineId, read.messageId)),
                findDelivered: (read: { machineId: string; messageId: string }) =>
                    Promise.resolve().then(() => this.delivered(read.machineId, read.messageId)),
                appendBlock: (command: { machineId: string }, entries: readonly MailboxEntry[]) =>
                    Promise.resolve().then(() => this.append(command.machineId, entries)),
            },
        } as unknown as MachineSession;
    }

    private machineKeys(machineId: string): MachineKeys {
        const keys = this.keys.get(machineId);
        if (!keys) {
            throw notFound(`machine ${machineId}`);
        }
        return keys;
    }

    private registered(machineId: string): object {
        return registeredKeys(
            machineId,
            this.machineKeys(machineId),
            machineId === REQUESTER_ID ? this.requesterStatus : 'ACTIVE',
        );
    }

    private settle(status: 'DENIED' | 'REPLY_REJECTED', reason: string, detail?: string): QueryRecord {
        const open = status === 'DENIED' ? ['REQUESTED', 'REPLY_REJECTED'] : ['ANSWERED'];
        if (!open.includes(this.query.status)) {
            throw new SpindleError('STATE_INVALID', `query is ${this.query.status}`);
        }
        if (status === 'DENIED') {
            this.committed.denials += 1;
            const denial = { reason, ...(detail === undefined ? {} : { detail }), at: AT };
            this.query = { ...this.query, status, denial } as QueryRecord;
        } else {
            this.committed.rejections += 1;
            this.query = {
                ...this.query,
                status,
                rejections: [...this.query.rejections, { reason, at: AT }],
            } as QueryRecord;
        }
        return { ...this.query };
    }

    private stored(machineId: string, messageId: string): MailboxEntry {
        const entry = this.inbox(machineId).get(messageId);
        if (!entry) {
            throw notFound(`inbox message ${messageId}`);
        }
        return entry;
    }

    private delivered(machineId: string, messageId: string): MailboxEntry {
        const entry =
            this.inbox(machineId).get(messageId) ??
            (this.chains.get(machineId) ?? []).flat().find((candidate) => candidate.messageId === messageId);
        if (!entry) {
            throw notFound(`message ${messageId}`);
        }
        return entry;
    }

    private append(machineId: string, entries: readonly MailboxEntry[]): object {
        for (const entry of entries) {
            this.stored(machineId, entry.messageId);
        }
        const chain = this.chains.get(machineId) ?? [];
        chain.push([...entries]);
        for (const entry of entries) {
            this.inbox(machineId).delete(entry.messageId);
        }
        return { machineId, seq: chain.length, hash: '0'.repeat(64), updatedAt: AT };
    }

    /** The events after the checkpoint, one per block, as the gateway resumes them; those added meanwhile too. */
    private eventsAfter(_chaincode: string, options: { checkpoint: Checkpointer }): Promise<object> {
        const block = options.checkpoint.getBlockNumber();
        const transactionId = options.checkpoint.getTransactionId();
        const pending = (event: ChaincodeEvent) =>
            block === undefined ||
            event.blockNumber > block ||
            (event.blockNumber === block && event.transactionId !== transactionId);
        const events = this.events;
        return Promise.resolve({
            close: () => undefined,
            async *[Symbol.asyncIterator]() {
                for (let index = 0; index < events.length; index += 1) {
                    const event = events[index];
                    if (event && pending(event)) {
                        yield await Promise.resolve(event);
                    }
                }
            },
        });
    }
}
