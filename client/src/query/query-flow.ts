import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import {
    EVENT_NAMES,
    EVENT_PAYLOAD_SCHEMAS,
    type QueryRecord,
    type REJECTION_REASONS,
} from '@spindle/chaincode/protocol';

import { checkReplyEvidence } from '../device/evidence/reply-evidence';
import type { EvidenceCheck } from '../device/evidence/evidence-check';
import type { MachineSession } from '../contracts/machine-session';
import { type PayloadCipher, buildPacket, decryptPayload, isSignedBy } from '../packets/packets';
import { SpindleError } from '../errors/spindle-error';

const utf8 = new TextDecoder();

/** One step of the paper's Figure 8 as it happened. */
export interface QueryStep {
    step: number;
    title: string;
    outcome: 'ok' | 'retry' | 'failed';
    detail: string;
    /**
     * Milliseconds since the flow started: when the requester saw the step happen, or, for steps
     * the responder took, the time its signed reply or its transaction carries.
     */
    atMs: number;
    /** Whose clock `atMs` was read from: the responder's may differ from the requester's. */
    clock: 'requester' | 'responder';
}

/** A query answered and verified. */
export interface QueryOutcome {
    queryId: string;
    answer: Uint8Array;
    /**
     * The check of a typed answer's evidence at step 9 (it held, or the reply would have been
     * rejected); absent for a free-text question.
     */
    verification?: EvidenceCheck;
    steps: QueryStep[];
    totalMs: number;
}

/** How to run one query. */
export interface RunQueryOptions {
    requester: MachineSession;
    responderId: string;
    question: Uint8Array;
    cipher: PayloadCipher;
    chaincode: string;
    /** Called as each step happens, for progress output. */
    onStep?: (step: QueryStep) => void;
    /** How long to wait for the responder's agent; default 60 s. */
    timeoutMs?: number;
    /** Build the first query incomplete (a test of step 2's resend). */
    sendIncompleteFirst?: boolean;
    /** Sign with another key than the requester's (a test of the signature check). */
    signingKeyOverride?: string;
}

/**
 * The requester's side of the 9-step query flow: builds, encrypts and signs the query (1),
 * submits it (2-4; an incomplete packet is built and sent again, an unknown receiver fails the
 * query), waits for the responder's agent (5-8; a denial fails the query), then checks the
 * reply's signature and decrypts it (9; an illegal reply is rejected and answered again).
 *
 * @throws SpindleError RECEIVER_UNKNOWN, QUERY_DENIED, TIMEOUT, or the chaincode's code.
 */
export async function runQuery(options: RunQueryOptions): Promise<QueryOutcome> {
    const started = Date.now();
    const steps: QueryStep[] = [];
    const note = (
        step: number,
        title: string,
        outcome: QueryStep['outcome'],
        detail: string,
        known: { at: number; clock: QueryStep['clock'] } = { at: Date.now(), clock: 'requester' },
    ): void => {
        const entry = { step, title, outcome, detail, atMs: known.at - started, clock: known.clock };
        steps.push(entry);
        options.onStep?.(entry);
    };
    const { requester } = options;
    const responder = await requester.registry.keys(options.responderId).catch((error: unknown) => {
        if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
            note(
                3,
                'receiver registered?',
                'failed',
                `${options.responderId} is not in the Machine-Equipment Blockchain`,
            );
            throw new SpindleError('RECEIVER_UNKNOWN', `machine ${options.responderId} is not registered`);
        }
        throw error;
    });
    const ownKey = (await requester.registry.keys(requester.machineId)).encryptionPublicKey;

    let query: QueryRecord | undefined;
    let requestBlock = 0n;
    for (let attempt = 1; !query; attempt += 1) {
        let packet = buildPacket(
            {
                senderId: requester.machineId,
                receiverId: options.responderId,
                type: 'query',
                plaintext: options.question,
                receiverEncryptionKeyPem: responder.encryptionPublicKey,
                senderEncryptionKeyPem: ownKey,
                signingKeyPem: options.signingKeyOverride ?? requester.signingKeyPem,
            },
            options.cipher,
        );
        if (options.sendIncompleteFirst && attempt === 1) {
            packet = { ...packet, size: packet.size + 1 };
        }
        note(1, 'query packet built, encrypted to the receiver and signed', 'ok', `nonce ${packet.nonce.slice(0, 8)}…`);
        try {
            ({ query, blockNumber: requestBlock } = await requester.queries.requestCommitted(packet));
        } catch (error) {
            if (error instanceof SpindleError && error.code === 'PACKET_INCOMPLETE' && attempt < 3) {
                note(2, 'packet complete?', 'retry', 'the public area found the packet incomplete; resending');
                continue;
            }
            if (error instanceof SpindleError && error.code === 'RECEIVER_UNKNOWN') {
                note(3, 'receiver registered?', 'failed', error.message);
            }
            throw error;
        }
    }
    note(2, 'packet complete?', 'ok', 'schema, size and inspection checksum verified by the chaincode');
    note(3, 'receiver registered?', 'ok', `${options.responderId} is ACTIVE in the Machine-Equipment Blockchain`);
    note(4, "delivered to the receiver's private area", 'ok', `query ${query.queryId.slice(0, 12)}…`);

    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    const events = await requester.session.network.getChaincodeEvents(options.chaincode, { startBlock: requestBlock });
    const timer = setTimeout(
        () => {
            events.close();
        },
        Math.max(0, deadline - Date.now()),
    );
    try {
        for await (const event of events) {
            const outcome = await onEvent(event, query.queryId);
            if (outcome) {
                return { ...outcome, queryId: query.queryId, steps, totalMs: Date.now() - started };
            }
        }
    } catch (error) {
        if (error instanceof SpindleError) {
            throw error;
        }
    } finally {
        clearTimeout(timer);
        events.close();
    }
    throw new SpindleError('TIMEOUT', `no answer to query ${query.queryId} within the time allowed`);

    /**
     * Rejects a reply; the requester's agent may have rejected it already, which is the same.
     * The last rejection `LIMITS.queryRejectionsMax` allows ends the query FAILED.
     */
    async function rejectOnce(queryId: string, reason: (typeof REJECTION_REASONS)[number]): Promise<void> {
        await requester.queries.rejectReply({ queryId, reason }).catch((error: unknown) => {
            if (!(error instanceof SpindleError && error.code === 'STATE_INVALID')) {
                throw error;
            }
        });
        const record = await requester.queries.get(queryId);
        if (record.status === 'FAILED') {
            throw new SpindleError(
                'QUERY_FAILED',
                `query ${queryId} failed: ${record.failure?.code ?? 'REJECTIONS_EXHAUSTED'} after ${record.rejections.length} rejected replies`,
            );
        }
    }

    async function onEvent(
        event: ChaincodeEvent,
        queryId: string,
    ): Promise<{ answer: Uint8Array; verification?: EvidenceCheck } | undefined> {
        const payload: unknown = JSON.parse(utf8.decode(event.payload));
        if (event.eventName === EVENT_NAMES.queryDenied) {
            if (EVENT_PAYLOAD_SCHEMAS.QueryDenied.parse(payload).queryId === queryId) {
                const record = await requester.queries.get(queryId);
                const reason = record.denial?.reason ?? '';
                const detail = record.denial?.detail ? `: ${record.denial.detail}` : '';
                note(5, 'signature legal?', 'failed', `denied by ${options.responderId}: ${reason}${detail}`);
                throw new SpindleError(
                    'QUERY_DENIED',
                    `${options.responderId} denied query ${queryId} (${reason})${detail}`,
                );
            }
            return undefined;
        }
        if (event.eventName !== EVENT_NAMES.queryAnswered) {
            return undefined;
        }
        const answered = EVENT_PAYLOAD_SCHEMAS.QueryAnswered.parse(payload);
        if (answered.queryId !== queryId) {
            return undefined;
        }
        const eventAt = Date.now();
        // The requester's own agent may already have moved the reply into the chain.
        const entry = await requester.communication.findDelivered({
            machineId: requester.machineId,
            mailbox: 'inbox',
            messageId: answered.replyMessageId,
        });
        // Steps 5 to 7 happened at the responder; what dates them is what it signed and submitted.
        const signedAt = { at: Date.parse(entry.packet.timestamp), clock: 'responder' as const };
        // The delivering transaction's timestamp, which the chaincode checked against its clock window.
        const submittedAt = { at: Date.parse(entry.recordedAt), clock: 'responder' as const };
        note(
            5,
            'signature legal?',
            'ok',
            `${options.responderId} verified the requester against the key pool; no record of its own, known from the reply it then signed`,
            signedAt,
        );
        note(
            6,
            'history searched, reply encrypted and signed',
            'ok',
            `reply ${answered.replyMessageId.slice(0, 12)}… signed at ${entry.packet.timestamp}`,
            signedAt,
        );
        note(
            7,
            'reply complete?',
            'ok',
            `verified by the chaincode on endorsing transaction ${event.transactionId.slice(0, 12)}… of ${entry.recordedAt}`,
            submittedAt,
        );
        note(
            8,
            "reply delivered to the requester's private area",
            'ok',
            `committed in block ${event.blockNumber}, whose QueryAnswered event the requester received`,
            { at: eventAt, clock: 'requester' },
        );
        const current = await requester.registry.keys(options.responderId);
        if (!isSignedBy(entry.packet, current.signingPublicKey)) {
            note(9, 'reply signature legal?', 'retry', 'illegal signature; asking for the reply again');
            await rejectOnce(queryId, 'SIGNATURE_INVALID');
            return undefined;
        }
        let answer: Uint8Array;
        try {
            answer = decryptPayload(entry.packet, requester.encryptionPrivateKeyPem, options.cipher);
        } catch {
            note(9, 'reply decrypts?', 'retry', 'the reply does not decrypt with our key; asking for it again');
            await rejectOnce(queryId, 'DECRYPTION_FAILED');
            return undefined;
        }
        const content = await checkReplyEvidence(
            options.question,
            answer,
            options.responderId,
            requester.communication,
        );
        if ('malformed' in content) {
            note(9, 'reply is an answer?', 'retry', `not an answer to a typed question: ${content.malformed}`);
            await rejectOnce(queryId, 'MALFORMED_REPLY');
            return undefined;
        }
        if (content.typed && !content.check.ok) {
            note(
                9,
                'reply evidence holds?',
                'retry',
                `${content.check.reason}: ${content.check.detail}; illegal reply`,
            );
            await rejectOnce(queryId, 'EVIDENCE_INVALID');
            return undefined;
        }
        if (!content.typed) {
            note(9, 'reply signature legal? decrypted', 'ok', `${answer.length} bytes of answer`);
            return { answer };
        }
        const check = content.check;
        note(9, 'reply signature legal? decrypted, evidence verified', 'ok', evidenceText(check));
        return { answer, verification: check };
    }
}

/** `118 readings proven to blocks 6, 7 of the chain, 4 unsealed`, for a check that held. */
export function evidenceText(check: EvidenceCheck): string {
    if (!check.ok) {
        return `evidence refused: ${check.reason}: ${check.detail}`;
    }
    const blocks = check.blocks.map((block) => block.seq).join(', ');
    const anchored =
        check.blocks.length === 0
            ? ''
            : ` to block${check.blocks.length === 1 ? '' : 's'} ${blocks} of ${check.blocks[0]?.machineId ?? ''}'s chain`;
    return `${check.proven} reading${check.proven === 1 ? '' : 's'} proven${anchored}, ${check.unsealed} unsealed`;
}
