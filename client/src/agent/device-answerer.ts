import { QUESTION_LIMITS, type ChainBlock, type MachineRecord } from '@spindle/chaincode/protocol';

import { answerPlaintext } from '../device/answer/answer-question';
import type { AnswerContext, LotWithTransform } from '../device/answer/answer-context';
import { attachEvidence } from '../device/evidence/attach-evidence';
import { storeEvidenceSource } from '../device/evidence/store-evidence-source';
import type { HistoryStore } from '../device/history/history-store';
import type { MachineSession } from '../contracts/machine-session';
import { SpindleError } from '../errors/spindle-error';
import type { QueryAnswerer } from './device-agent';

/** The most communication blocks a `messages` answer walks back through. */
const MESSAGE_BLOCKS_MAX = 200;

/** How the typed answerer answers. */
export interface DeviceAnswererOptions {
    /** Each machine's history store, opened by the agent. */
    readonly stores: ReadonlyMap<string, HistoryStore>;
    /** The answer to a free-text question (`{"what": ...}`) of older requesters. */
    readonly legacy: QueryAnswerer;
    /** The clock of `answeredAt` and of `--since` ranges; the system clock by default. */
    readonly clock?: () => Date;
}

/**
 * Step 6 for typed questions: the question is parsed (protocol `parseQuestion`), answered from
 * the machine's history store, its chain and the ledgers, and the answer carries the proofs of
 * the readings it rests on back to seals anchored in the machine's chain, within the answer's
 * byte cap. A question that does not parse gets an error answer with its code; a free-text
 * `{"what": ...}` goes to the legacy answerer.
 */
export function deviceAnswerer(options: DeviceAnswererOptions): QueryAnswerer {
    return async (machine, question, requesterId) => {
        const store = options.stores.get(machine.machineId);
        if (store === undefined || isFreeText(question)) {
            return options.legacy(machine, question, requesterId);
        }
        const now = (options.clock ?? (() => new Date()))();
        const answer = await answerPlaintext(question, store, await answerContext(machine, now));
        const proven = await attachEvidence(
            answer,
            storeEvidenceSource(store, machine),
            QUESTION_LIMITS.answerBytesMax,
        );
        return Buffer.from(JSON.stringify(proven), 'utf8');
    };
}

/** Whether a query's plaintext is an older requester's `{"what": "..."}`, with no `kind`. */
function isFreeText(question: Uint8Array): boolean {
    try {
        const value: unknown = JSON.parse(Buffer.from(question).toString('utf8'));
        return typeof value === 'object' && value !== null && 'what' in value && !('kind' in value);
    } catch {
        return false;
    }
}

async function answerContext(machine: MachineSession, now: Date): Promise<AnswerContext> {
    const record: MachineRecord = await machine.registry.get(machine.machineId);
    const head = await machine.communication.chainHead(machine.machineId).catch(() => undefined);
    return {
        now,
        machine: record,
        chainLength: head?.seq ?? 0,
        lot: (lotId) => lotWithTransform(machine, lotId),
        chainBlocks: (from) => blocksSince(machine, head?.seq ?? 0, from),
    };
}

async function lotWithTransform(machine: MachineSession, lotId: string): Promise<LotWithTransform | undefined> {
    try {
        const lot = await machine.material.lot(lotId);
        if (lot.producedBy === undefined) {
            return { lot };
        }
        return { lot, transform: await machine.material.transformRecord(lot.producedBy) };
    } catch (error) {
        if (error instanceof SpindleError && error.code === 'NOT_FOUND') {
            return undefined;
        }
        throw error;
    }
}

/**
 * The machine's blocks appended at or after `from`, newest first from the head, at most
 * MESSAGE_BLOCKS_MAX: an entry recorded in the range is in a block appended after it.
 */
async function blocksSince(machine: MachineSession, headSeq: number, from: Date): Promise<ChainBlock[]> {
    const blocks: ChainBlock[] = [];
    for (let seq = headSeq; seq >= 1 && blocks.length < MESSAGE_BLOCKS_MAX; seq -= 1) {
        const block = await machine.communication.block(machine.machineId, seq);
        if (Date.parse(block.timestamp) < from.getTime()) {
            break;
        }
        blocks.push(block);
    }
    return blocks;
}
