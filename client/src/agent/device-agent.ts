import type { ChaincodeEvent, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import {
    EVENT_NAMES,
    EVENT_PAYLOAD_SCHEMAS,
    type MailboxEntry,
    type QueryRecord,
    type denialCommandSchema,
} from '@spindle/chaincode/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';

import { appendToChain } from '../packets/mailbox-archive';
import type { MachineSession } from '../contracts/machine-session';
import { type PayloadCipher, buildPacket, decryptPayload, isSignedBy } from '../packets/packets';
import { isLostPeer } from '../session/retry';
import { SpindleError } from '../errors/spindle-error';
import type { AgentStep } from './agent-steps';
import type { FileCheckpointer } from './file-checkpointer';
import { packetTimeProblem } from './packet-freshness';

const utf8 = new TextDecoder();

/** Query statuses that wait for the responder's decision: step 5, then an answer or a denial. */
const OPEN_STATUSES: ReadonlySet<QueryRecord['status']> = new Set(['REQUESTED', 'REPLY_REJECTED']);

/** Statuses of a query answered at least once: its packet belongs in the responder's chain. */
const ANSWERED_STATUSES: ReadonlySet<QueryRecord['status']> = new Set(['ANSWERED', 'REPLY_REJECTED', 'FAILED']);

/**
 * Failures a later attempt may get past: the agent stops rather than skip the event. A refused
 * identity is the agent's own certificate, not the event's fault; once renewed it gets past.
 */
const TRANSIENT_CODES = new Set([
    'UNAVAILABLE',
    'TIMEOUT',
    'ENDORSEMENT_FAILED',
    'IDENTITY_REFUSED',
    'COMMIT_FAILED',
    'UNEXPECTED',
]);

/** How many times in a row an event's failed transaction is made again before the agent stops. */
const RETRIES_WITHOUT_PROGRESS = 5;

/** A transaction the peers would not endorse or the channel invalidated, or a read behind its event; made again, it may pass. */
function isFailedTransaction(error: unknown): boolean {
    return error instanceof SpindleError && (error.code === 'ENDORSEMENT_FAILED' || error.code === 'COMMIT_FAILED');
}

/**
 * A read that found the ledger behind an event the agent was sent: handled again from the
 * checkpoint like a failed transaction, since the peers will agree in a moment.
 */
function behind(what: string): SpindleError {
    return new SpindleError('ENDORSEMENT_FAILED', `${what} on the peer that was asked; reading it again`);
}

/** What a machine answers to a query it received (step 6): found in its own private area. */
export type QueryAnswerer = (machine: MachineSession, question: Uint8Array, requesterId: string) => Promise<Uint8Array>;

/** Faults an agent can be told to inject, for the tests of the flow's error branches. */
export interface AgentFaults {
    /** Send the next N replies incomplete (size off by one), so step 7 refuses them. */
    incompleteReplies?: number;
    /** Encrypt the next N replies to the wrong key, so step 9 cannot decrypt them. */
    misencryptedReplies?: number;
}

/** How an agent runs. */
export interface DeviceAgentOptions {
    machines: readonly MachineSession[];
    checkpointer: FileCheckpointer;
    cipher: PayloadCipher;
    answer: QueryAnswerer;
    logger: Logger;
    chaincode: string;
    faults?: AgentFaults;
    /** The machine's own clock, against which step 5 judges a packet's time; the system clock by default. */
    clock?: () => Date;
    /** The first wait before listening again after a lost peer or a failed transaction; 1 s by default. */
    resumeBackoffMs?: number;
    /**
     * Called after each step of handling an event (see {@link AGENT_STEPS}); a test hook, through
     * which the chaos tests crash the agent between any two side effects.
     */
    afterStep?: (step: AgentStep) => void;
}

/**
 * The paper's device area for one or more machines: it listens to the chaincode's events from
 * a durable checkpoint and, for its machines, checks and answers queries (steps 5-7), answers
 * again when a reply was rejected, and moves delivered packets from the inbox into the
 * machine's communication chain. The checkpoint moves past an event only once every side
 * effect of it is made (see {@link AgentStep}), and every handler checks the ledger before each
 * side effect (the query's record, the inbox), so an event delivered again after a crash at any
 * point completes what is missing and repeats nothing.
 */
export class DeviceAgent {
    private readonly machines: Map<string, MachineSession>;
    private events: CloseableAsyncIterable<ChaincodeEvent> | undefined;
    private stopping = false;
    private readonly faults: Required<AgentFaults>;
    private readonly clock: () => Date;
    /** How many events this agent handled, for its logs and the tests. */
    handled = 0;

    constructor(private readonly options: DeviceAgentOptions) {
        this.machines = new Map(options.machines.map((machine) => [machine.machineId, machine]));
        this.faults = { incompleteReplies: 0, misencryptedReplies: 0, ...options.faults };
        this.clock = options.clock ?? (() => new Date());
    }

    /**
     * Listens until `stop`; resolves when the event stream ends. When the peer it listens
     * through goes away (a restart, a crash), it waits for it and listens again from the
     * checkpoint, so nothing committed meanwhile is missed and nothing handled is handled again.
     * A transaction that failed endorsement or commit (a peer behind the others, a chaincode
     * server restarting) is made again the same way, up to {@link RETRIES_WITHOUT_PROGRESS}
     * times before the agent gives up and stops.
     */
    async run(): Promise<void> {
        const [listener] = this.options.machines;
        if (!listener) {
            throw new SpindleError('INVALID_ARGUMENT', 'an agent needs at least one machine');
        }
        let attempt = 0;
        for (;;) {
            const handledBefore = this.handled;
            try {
                await this.listen(listener);
                return;
            } catch (error) {
                if (this.isStopping()) {
                    return;
                }
                attempt = this.handled > handledBefore ? 1 : attempt + 1;
                const lostPeer = isLostPeer(error);
                if (!lostPeer && !(attempt <= RETRIES_WITHOUT_PROGRESS && isFailedTransaction(error))) {
                    throw error;
                }
                this.options.logger.warn(
                    { attempt, reason: error instanceof Error ? error.message : String(error) },
                    lostPeer
                        ? 'peer lost, resuming from the checkpoint'
                        : 'transaction failed, handling the event again',
                );
                const backoff = this.options.resumeBackoffMs ?? 1000;
                await new Promise((resolve) => setTimeout(resolve, Math.min(backoff * attempt, 5 * backoff)));
            }
            if (this.isStopping()) {
                return;
            }
        }
    }

    /** A call, not a field read, since `stop` may flip it while `run` awaits. */
    private isStopping(): boolean {
        return this.stopping;
    }

    private async listen(listener: MachineSession): Promise<void> {
        const { checkpointer } = this.options;
        this.events = await listener.session.network.getChaincodeEvents(this.options.chaincode, {
            checkpoint: checkpointer,
            startBlock: 0n,
        });
        this.options.logger.info(
            { machines: [...this.machines.keys()], fromBlock: checkpointer.getBlockNumber()?.toString() ?? '0' },
            'agent listening',
        );
        for await (const event of this.events) {
            await this.handleOrSkip(event);
            await checkpointer.checkpointChaincodeEvent(event);
            this.reached('event-checkpointed');
            this.handled += 1;
        }
    }

    private reached(step: AgentStep): void {
        this.options.afterStep?.(step);
    }

    /** Stops listening after the event being handled, if any. */
    stop(): void {
        this.stopping = true;
        this.events?.close();
    }

    /**
     * Handles an event; one the chaincode refuses, or whose packet cannot be read, is logged and
     * passed over, so one bad packet cannot stop a machine's agent. A failure a later attempt may
     * get past is not passed over: the event stays unchecked-off, so a lost peer or a failed
     * transaction makes the agent listen again from the checkpoint, before this event (see
     * `run`), and anything else stops it for its restart to do the same.
     */
    private async handleOrSkip(event: ChaincodeEvent): Promise<void> {
        try {
            await this.handle(event);
        } catch (error) {
            if (error instanceof SpindleError && !TRANSIENT_CODES.has(error.code)) {
                this.options.logger.error(
                    { eventName: event.eventName, transactionId: event.transactionId, code: error.code },
                    `event passed over: ${error.message}`,
                );
                return;
            }
            throw error;
        }
    }

    private async handle(event: ChaincodeEvent): Promise<void> {
        const payload: unknown = JSON.parse(utf8.decode(event.payload));
        switch (event.eventName) {
            case EVENT_NAMES.queryRequested: {
                const { queryId, receiverId } = EVENT_PAYLOAD_SCHEMAS.QueryRequested.parse(payload);
                await this.whenMine(receiverId, (machine) => this.answerQuery(machine, queryId));
                return;
            }
            case EVENT_NAMES.replyRejected: {
                const { queryId, receiverId } = EVENT_PAYLOAD_SCHEMAS.ReplyRejected.parse(payload);
                await this.whenMine(receiverId, (machine) => this.answerQuery(machine, queryId));
                return;
            }
            case EVENT_NAMES.queryAnswered: {
                const { queryId, replyMessageId, receiverId } = EVENT_PAYLOAD_SCHEMAS.QueryAnswered.parse(payload);
                await this.whenMine(receiverId, (machine) => this.checkReply(machine, queryId, replyMessageId));
                return;
            }
            case EVENT_NAMES.messageSent: {
                const { messageId, receiverId } = EVENT_PAYLOAD_SCHEMAS.MessageSent.parse(payload);
                await this.whenMine(receiverId, (machine) => this.archive(machine, [messageId]));
                return;
            }
            case EVENT_NAMES.messagesSent: {
                // A batch's one event lists every message; each machine of this agent moves its own.
                const { messages } = EVENT_PAYLOAD_SCHEMAS.MessagesSent.parse(payload);
                for (const machineId of new Set(messages.map((message) => message.receiverId))) {
                    const ids = messages.filter((message) => message.receiverId === machineId).map((m) => m.messageId);
                    await this.whenMine(machineId, (machine) => this.archive(machine, ids));
                }
                return;
            }
            default:
                return;
        }
    }

    private async whenMine(machineId: string, work: (machine: MachineSession) => Promise<void>): Promise<void> {
        const machine = this.machines.get(machineId);
        if (machine) {
            await work(machine);
        }
    }

    /**
     * Steps 5-7 for a query to one of this agent's machines, then its packet's move from the
     * inbox into the machine's chain. Each side effect is checked on the ledger before it is
     * made, so handling the event again after a crash at any point completes what is missing
     * and repeats nothing: an open query is decided (answered or denied) once, and a query
     * answered at least once has its packet moved, if it is still in the inbox.
     */
    private async answerQuery(machine: MachineSession, queryId: string): Promise<void> {
        const log = this.options.logger.child({ machineId: machine.machineId, queryId });
        let query = await this.committedQuery(machine, queryId);
        if (OPEN_STATUSES.has(query.status)) {
            query = await this.decide(machine, query, log);
        } else {
            log.debug({ status: query.status }, 'query already decided');
        }
        if (ANSWERED_STATUSES.has(query.status)) {
            await this.archive(machine, [queryId]);
        }
    }

    /**
     * Step 5's checks on an open query, then its answer (6-7) or its denial. Returns the query's
     * record after the decision, or as it was when its packet is nowhere to be found.
     */
    private async decide(machine: MachineSession, query: QueryRecord, log: Logger): Promise<QueryRecord> {
        const { queryId } = query;
        const entry = await machine.communication
            .findDelivered({ machineId: machine.machineId, mailbox: 'inbox', messageId: queryId })
            .catch(() => undefined);
        if (!entry) {
            // Written with the open query's record, and moved only after an answer: the peer
            // that was asked is behind, or has yet to receive the private data.
            throw behind(`the packet of open query ${queryId} is neither in the inbox nor in the chain`);
        }
        const requester = await machine.registry.keys(query.requesterId);
        // Step 5: the packet must carry the requester's signature by its registered key, and
        // the requester must still be allowed to ask.
        if (!isSignedBy(entry.packet, requester.signingPublicKey)) {
            log.warn('denying a query whose signature does not verify against the key pool');
            return this.deny(machine, { queryId, reason: 'SIGNATURE_INVALID' });
        }
        if (requester.status !== 'ACTIVE') {
            log.warn({ status: requester.status }, 'denying a query from a machine that is not ACTIVE');
            return this.deny(machine, { queryId, reason: 'NOT_AUTHORIZED' });
        }
        // The time window by this machine's own clock, not only the transaction timestamp the
        // sender chose. Judged once, when the query is first answered: a query answered again
        // after a rejected reply was legal when it came.
        const timeProblem =
            query.status === 'REQUESTED' ? packetTimeProblem(entry.packet.timestamp, this.clock()) : undefined;
        if (timeProblem !== undefined) {
            log.warn({ timestamp: entry.packet.timestamp }, `denying a query out of the time window: ${timeProblem}`);
            return this.deny(machine, { queryId, reason: 'EXPIRED', detail: timeProblem });
        }
        let question: Uint8Array;
        try {
            // Bound to the packet it came in: a ciphertext lifted from another packet fails here.
            question = decryptPayload(entry.packet, machine.encryptionPrivateKeyPem, this.options.cipher);
        } catch {
            log.warn('denying a query that does not decrypt with the registered encryption key in this packet');
            return this.deny(machine, {
                queryId,
                reason: 'UNSUPPORTED_QUERY',
                detail: 'the query does not decrypt with the key in the key pool inside this packet',
            });
        }
        const answer = await this.options.answer(machine, question, query.requesterId);
        this.reached('answer-built');
        try {
            return await this.decidedOnce(machine, queryId, () =>
                this.respond(machine, query, answer, requester.encryptionPublicKey, log),
            );
        } catch (error) {
            // The chaincode delivers a reply only to an ACTIVE machine. A requester suspended or
            // retired after this agent read its record (its mill's peer may have had the change
            // first) is told so by a denial, rather than left waiting on a query nobody decides.
            if (error instanceof SpindleError && error.code === 'RECEIVER_UNKNOWN') {
                log.warn('denying a query whose requester lost its standing before the reply was endorsed');
                return this.deny(machine, {
                    queryId,
                    reason: 'NOT_AUTHORIZED',
                    detail: `the reply was refused: ${query.requesterId} is no longer ACTIVE`,
                });
            }
            throw error;
        }
    }

    /**
     * A query's record, read for an event that says it was committed: NOT_FOUND means the peer
     * that was asked is behind the one that sent the event.
     */
    private async committedQuery(machine: MachineSession, queryId: string): Promise<QueryRecord> {
        try {
            return await machine.queries.get(queryId);
        } catch (error) {
            if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
                throw behind(`query ${queryId}, committed in the event's block, is not found`);
            }
            throw error;
        }
    }

    /** Step 5's refusal, recorded once. */
    private async deny(machine: MachineSession, denial: z.input<typeof denialCommandSchema>): Promise<QueryRecord> {
        const denied = await this.decidedOnce(machine, denial.queryId, () => machine.queries.deny(denial));
        this.reached('denial-committed');
        return denied;
    }

    /**
     * Submits a decision on a query. A decision sent before a crash may commit after the
     * restarted agent read the query open: the chaincode then refuses this one STATE_INVALID,
     * and the query's record as it now stands is returned, so the handling goes on from there.
     * If this mill's peer still has the query open, an endorsing peer refused it STATE_INVALID
     * or NOT_FOUND because one of them is behind the other (the query, a rejection or a decision
     * not yet everywhere): the decision is a failed transaction, made again from the checkpoint
     * once the peers agree.
     */
    private async decidedOnce(
        machine: MachineSession,
        queryId: string,
        submit: () => Promise<QueryRecord>,
    ): Promise<QueryRecord> {
        try {
            return await submit();
        } catch (error) {
            // Refused as decided, or as unknown, by an endorsing peer: this mill's own peer tells
            // whether it was decided or that peer is behind.
            if (!(error instanceof SpindleError && (error.code === 'STATE_INVALID' || error.code === 'NOT_FOUND'))) {
                throw error;
            }
            const now = await machine.queries.get(queryId);
            if (OPEN_STATUSES.has(now.status)) {
                throw behind(`query ${queryId} is ${now.status} here, but the decision was refused (${error.message})`);
            }
            return now;
        }
    }

    /**
     * Step 9 on the requester's side: the reply must carry the responder's registered signature
     * and decrypt with the requester's key; otherwise it is rejected and the responder answers
     * again. A verified reply goes into the chain. Someone else (the asking process) may have
     * rejected it first, which is fine.
     */
    private async checkReply(machine: MachineSession, queryId: string, replyMessageId: string): Promise<void> {
        const log = this.options.logger.child({ machineId: machine.machineId, queryId });
        const query = await this.committedQuery(machine, queryId);
        if (query.status !== 'ANSWERED' || query.replyMessageId !== replyMessageId) {
            return;
        }
        const entry = await machine.communication
            .findDelivered({ machineId: machine.machineId, mailbox: 'inbox', messageId: replyMessageId })
            .catch(() => undefined);
        if (!entry) {
            return;
        }
        const responder = await machine.registry.keys(query.responderId);
        let reason: 'SIGNATURE_INVALID' | 'DECRYPTION_FAILED' | undefined;
        if (!isSignedBy(entry.packet, responder.signingPublicKey)) {
            reason = 'SIGNATURE_INVALID';
        } else {
            try {
                decryptPayload(entry.packet, machine.encryptionPrivateKeyPem, this.options.cipher);
            } catch {
                reason = 'DECRYPTION_FAILED';
            }
        }
        if (reason) {
            log.warn({ reason }, 'rejecting an illegal reply (step 9)');
            await machine.queries.rejectReply({ queryId, reason }).catch((error: unknown) => {
                if (!(error instanceof SpindleError && error.code === 'STATE_INVALID')) {
                    throw error;
                }
            });
            this.reached('rejection-committed');
            return;
        }
        log.info('reply verified and decrypted (step 9)');
        this.reached('reply-verified');
        await this.archive(machine, [replyMessageId]);
    }

    /**
     * Step 6 and its step-7 resend: a reply the chaincode finds incomplete is built again.
     * Returns the query's record as the reply left it.
     */
    private async respond(
        machine: MachineSession,
        query: QueryRecord,
        answer: Uint8Array,
        requesterKey: string,
        log: Logger,
    ): Promise<QueryRecord> {
        for (let attempt = 1; ; attempt += 1) {
            const misencrypt = this.faults.misencryptedReplies > 0;
            if (misencrypt) {
                this.faults.misencryptedReplies -= 1;
            }
            const ownKey = (await machine.registry.keys(machine.machineId)).encryptionPublicKey;
            let packet = buildPacket(
                {
                    senderId: machine.machineId,
                    receiverId: query.requesterId,
                    type: 'reply',
                    inReplyTo: query.queryId,
                    plaintext: answer,
                    receiverEncryptionKeyPem: misencrypt ? ownKey : requesterKey,
                    senderEncryptionKeyPem: ownKey,
                    signingKeyPem: machine.signingKeyPem,
                },
                this.options.cipher,
            );
            if (this.faults.incompleteReplies > 0) {
                this.faults.incompleteReplies -= 1;
                packet = { ...packet, size: packet.size + 1 };
            }
            try {
                const answered = await machine.queries.respond(packet);
                log.info({ attempt, misencrypted: misencrypt }, 'query answered');
                this.reached('reply-committed');
                return answered;
            } catch (error) {
                if (error instanceof SpindleError && error.code === 'PACKET_INCOMPLETE' && attempt < 3) {
                    log.warn({ attempt }, 'reply refused as incomplete (step 7); sending it again');
                    continue;
                }
                throw error;
            }
        }
    }

    /**
     * Moves delivered inbox entries into the machine's communication chain; those no longer in
     * the inbox are there already, since only a move takes an entry out. The chaincode moves an
     * entry at most once (it must match the stored entry's hash, and the append deletes it), so
     * an append sent before a crash and committed after this one read the inbox makes this one
     * fail NOT_FOUND: the inbox is read again and what is left is moved.
     */
    private async archive(machine: MachineSession, messageIds: readonly string[]): Promise<void> {
        for (let attempt = 1; ; attempt += 1) {
            try {
                await this.appendStillInInbox(machine, messageIds);
                return;
            } catch (error) {
                if (attempt < 3 && error instanceof SpindleError && error.code === 'NOT_FOUND') {
                    continue;
                }
                throw error;
            }
        }
    }

    private async appendStillInInbox(machine: MachineSession, messageIds: readonly string[]): Promise<void> {
        const entries: MailboxEntry[] = [];
        for (const messageId of messageIds) {
            const entry = await this.inboxEntry(machine, messageId);
            if (entry) {
                entries.push(entry);
            }
        }
        await appendToChain(machine, entries, (seq) => {
            this.options.logger.info({ machineId: machine.machineId, seq }, 'chain block appended');
            this.reached('block-appended');
        });
    }

    private async inboxEntry(machine: MachineSession, messageId: string): Promise<MailboxEntry | undefined> {
        try {
            return await machine.communication.readMailbox({
                machineId: machine.machineId,
                mailbox: 'inbox',
                messageId,
            });
        } catch (error) {
            if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
                return undefined;
            }
            throw error;
        }
    }
}
