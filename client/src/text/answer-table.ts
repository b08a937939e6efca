import type { Answer, LotQualityAnswer, ReadingsAnswer, StatusAnswer } from '@spindle/chaincode/protocol';

import { alignedTable } from './aligned-table';
import { durationText } from './duration';

/** What the CLI prints for an answer: its JSON with `--json`, else {@link answerTable}'s lines. */
export function formatAnswer(answer: Answer, json: boolean): string {
    return json ? JSON.stringify(answer, undefined, 2) : answerTable(answer).join('\n');
}

/**
 * An answer as lines for people: a heading, then an aligned table (readings, buckets, latest
 * values, quality figures or messages); a last line says when caps cut the answer.
 */
export function answerTable(answer: Answer): string[] {
    const lines = linesOf(answer);
    return 'truncated' in answer && answer.truncated
        ? [...lines, '(truncated: the answer reached a cap; ask for a shorter range or fewer variables)']
        : lines;
}

/** A figure for a table: `-` for null, integers as they are, else six significant digits. */
export function figureText(value: number | null): string {
    if (value === null) {
        return '-';
    }
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}

function linesOf(answer: Answer): string[] {
    switch (answer.kind) {
        case 'status':
            return statusLines(answer);
        case 'readings':
            return answer.mode === 'raw' ? rawLines(answer) : bucketLines(answer);
        case 'lot-quality':
            return lotLines(answer);
        case 'messages':
            return [
                `messages of ${answer.machineId}${answer.type === undefined ? '' : ` (${answer.type})`} from ${answer.from} to ${answer.to}`,
                ...alignedTable(
                    ['block', 'recorded', 'type', 'mailbox', 'sender', 'receiver', 'size', 'message'],
                    answer.messages.map((message) => [
                        String(message.blockSeq),
                        message.recordedAt,
                        message.type,
                        message.mailbox,
                        message.senderId,
                        message.receiverId,
                        String(message.size),
                        message.messageId.slice(0, 16),
                    ]),
                ),
            ];
        case 'error':
            return [
                `${answer.machineId} refused the question: ${answer.message.startsWith(`${answer.code}: `) ? '' : `${answer.code}: `}${answer.message}`,
            ];
    }
}

function statusLines(answer: StatusAnswer): string[] {
    const machine = answer.machine;
    return [
        machine === undefined
            ? `machine ${answer.machineId}`
            : `machine ${answer.machineId}  ${machine.status}  ${machine.machineType} (${machine.processStep}) on line ${machine.line}`,
        `chain length ${answer.chainLength}, history sealed through seq ${answer.sealedThrough}, answered ${answer.answeredAt}`,
        ...alignedTable(
            ['variable', 'value', 'unit', 'time', 'seq'],
            answer.latest.map((reading) => [
                reading.variable,
                figureText(reading.value),
                reading.unit,
                reading.sourceTimestamp,
                String(reading.seq),
            ]),
        ),
    ];
}

function rawLines(answer: ReadingsAnswer): string[] {
    return [
        `readings of ${answer.machineId} from ${answer.from} to ${answer.to}`,
        ...alignedTable(
            ['seq', 'time', 'variable', 'value', 'unit', 'sealed'],
            answer.rows.map((reading) => [
                String(reading.seq),
                reading.sourceTimestamp,
                reading.variable,
                figureText(reading.value),
                reading.unit,
                reading.seq <= answer.sealedThrough ? 'yes' : 'no',
            ]),
        ),
    ];
}

function bucketLines(answer: ReadingsAnswer): string[] {
    return [
        `readings of ${answer.machineId} from ${answer.from} to ${answer.to}, every ${answer.everySeconds === undefined ? '?' : durationText(answer.everySeconds)}`,
        ...alignedTable(
            ['variable', 'unit', 'start', 'end', 'count', 'min', 'max', 'mean', 'p95', 'cv %'],
            answer.buckets.map((bucket) => [
                bucket.variable,
                answer.units[bucket.variable] ?? '',
                bucket.start,
                bucket.end,
                String(bucket.count),
                figureText(bucket.min),
                figureText(bucket.max),
                figureText(bucket.mean),
                figureText(bucket.p95),
                figureText(bucket.cvPercent === null ? null : Number(bucket.cvPercent.toFixed(2))),
            ]),
        ),
    ];
}

function lotLines(answer: LotQualityAnswer): string[] {
    return [
        `lot ${answer.lotId}: ${answer.form}, ${answer.quantityGrams} g (${answer.remainingGrams} g left, ${answer.status})`,
        `made by ${answer.machineId} in transform ${answer.transformId} (${answer.processStep}) at ${answer.recordedAt}, tolerance ${answer.tolerancePermille} ‰`,
        `from ${answer.inputs.map((input) => `${input.lotId} (${input.quantityGrams} g)`).join(', ')}`,
        ...alignedTable(
            ['quality', 'value'],
            Object.entries(answer.quality)
                .sort(([a], [b]) => (a < b ? -1 : 1))
                .map(([name, value]) => [name, typeof value === 'number' ? figureText(value) : value]),
        ),
    ];
}
