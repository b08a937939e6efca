import { parseAnswer, parseQuestion, type Answer } from '@spindle/chaincode/protocol';

import type { CommunicationClient } from '../../contracts/communication-client';
import { SpindleError } from '../../errors/spindle-error';
import type { EvidenceCheck } from './evidence-check';
import { verifyEvidence } from './verify-evidence';

/** What step 9 found in a decrypted reply beyond its signature. */
export type ReplyEvidence =
    /** A typed answer whose evidence was checked (it holds or not). */
    | { typed: true; answer: Answer; check: EvidenceCheck }
    /** A free-text reply to a free-text question: nothing to check. */
    | { typed: false }
    /** A typed question answered with something that is not an answer: an illegal reply. */
    | { typed: false; malformed: string };

/**
 * Step 9's check of a reply's content: a typed question (protocol `parseQuestion`) must get a
 * typed answer, whose evidence is verified against the responder's public block anchors, read
 * through `communication` (the requester's own peer). A free-text question's reply is not checked.
 */
export async function checkReplyEvidence(
    question: Uint8Array,
    reply: Uint8Array,
    responderId: string,
    communication: CommunicationClient,
): Promise<ReplyEvidence> {
    if (!isTypedQuestion(question)) {
        return { typed: false };
    }
    let answer: Answer;
    try {
        answer = parseAnswer(reply);
    } catch (error) {
        return { typed: false, malformed: error instanceof Error ? error.message : String(error) };
    }
    const check = await verifyEvidence(answer, responderId, async (machineId, seq) => {
        try {
            return (await communication.blockHash(machineId, seq)).hash;
        } catch (error) {
            if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
                return undefined;
            }
            throw error;
        }
    });
    return { typed: true, answer, check };
}

function isTypedQuestion(question: Uint8Array): boolean {
    try {
        parseQuestion(question);
        return true;
    } catch {
        return false;
    }
}
