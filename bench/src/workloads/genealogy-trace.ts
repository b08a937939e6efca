import { CONTRACT_NAMES, LIMITS, MATERIAL_LEDGER_TRANSACTIONS as TX, qualifiedName } from '@spindle/chaincode/protocol';

import type { BenchContext } from '../bench-context';
import { runLoad } from '../harness';
import type { WorkloadResult } from './workload';

const GRAMS = 1000;

/**
 * Builds one lot's genealogy `depth` transforms deep, as MillA's admin: a bale opened into a lap
 * at the blow room, carded into sliver, then sliver into sliver again and again at the card.
 * Answers the ID of the last lot.
 */
export async function buildLineage(
    context: BenchContext,
    blowRoomId: string,
    cardingId: string,
    depth: number,
): Promise<string> {
    const create = qualifiedName(CONTRACT_NAMES.materialLedger, TX.createLot);
    const transform = qualifiedName(CONTRACT_NAMES.materialLedger, TX.transform);
    const lot = (level: number) => `${context.runId}-g-${level}`;
    await context.admin.submit(create, {
        args: [JSON.stringify({ lotId: lot(0), quantityGrams: GRAMS, origin: 'bench', grade: 'middling' })],
    });
    for (let level = 1; level <= depth; level += 1) {
        const [machineId, processStep] = level === 1 ? [blowRoomId, 'opening'] : [cardingId, 'carding'];
        await context.admin.submit(transform, {
            args: [
                JSON.stringify({
                    transformId: `${context.runId}-gt-${level}`,
                    machineId,
                    processStep,
                    inputs: [{ lotId: lot(level - 1), quantityGrams: GRAMS }],
                    outputs: [{ lotId: lot(level), form: level === 1 ? 'lap' : 'sliver', quantityGrams: GRAMS }],
                    tolerancePermille: 0,
                    quality: {},
                }),
            ],
        });
    }
    return lot(depth);
}

/** The depths a trace is measured at: 1, 2, 4 … up to the chaincode's limit. */
export function traceDepths(): number[] {
    const depths: number[] = [];
    for (let depth = 1; depth <= LIMITS.traceDepthMax; depth *= 2) {
        depths.push(depth);
    }
    return depths;
}

/** `MaterialLedger:traceLot` upstream from a lot to a depth, one call at a time. */
export async function traceAtDepth(
    context: BenchContext,
    lotId: string,
    depth: number,
    count: number,
): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.materialLedger, TX.traceLot);
    const query = JSON.stringify({ lotId, direction: 'upstream', maxDepth: depth, pageSize: LIMITS.pageSizeMax });
    const load = await runLoad({ concurrency: 1, durationMs: 30_000, maxCount: count }, async () => {
        await context.contract.evaluate(transaction, { arguments: [query] });
        return 'VALID';
    });
    return {
        id: `trace-${depth}`,
        title: `MaterialLedger:traceLot upstream, depth ${depth}`,
        kind: 'trace',
        concurrency: 1,
        load,
    };
}
