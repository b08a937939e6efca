import { CONTRACT_NAMES, MATERIAL_LEDGER_TRANSACTIONS as TX, qualifiedName } from '@spindle/chaincode/protocol';

import type { BenchContext } from '../bench-context';
import { type LoadShape, runLoad } from '../harness';
import { submitOnce } from '../recorded-submit';
import type { WorkloadResult } from './workload';

const BALE_GRAMS = 1000;

/** The ID of the bale `createLots` wrote at an index, and of the lap `transformBales` made of it. */
export const baleId = (context: BenchContext, index: number) => `${context.runId}-bale-${index}`;
const lapId = (context: BenchContext, index: number) => `${context.runId}-lap-${index}`;

/** `MaterialLedger:createLot`: a new bale under a new key, as MillA's admin (an own write). */
export async function createLots(context: BenchContext, shape: LoadShape): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.materialLedger, TX.createLot);
    const load = await runLoad(shape, (index) =>
        submitOnce(context.contract, transaction, {
            arguments: [
                JSON.stringify({
                    lotId: baleId(context, index),
                    quantityGrams: BALE_GRAMS,
                    origin: 'bench',
                    grade: 'middling',
                }),
            ],
        }),
    );
    return {
        id: 'create-lot',
        title: 'MaterialLedger:createLot (bale)',
        kind: 'write',
        concurrency: shape.concurrency,
        load,
    };
}

/**
 * `MaterialLedger:transform`: each bale `createLots` wrote into a lap at a blow room, one
 * transform per bale, so no two in flight touch the same lot.
 */
export async function transformBales(
    context: BenchContext,
    shape: LoadShape,
    blowRoomId: string,
    bales: number,
): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.materialLedger, TX.transform);
    const load = await runLoad({ ...shape, maxCount: Math.min(bales, shape.maxCount ?? bales) }, (index) =>
        submitOnce(context.contract, transaction, {
            arguments: [
                JSON.stringify({
                    transformId: `${context.runId}-open-${index}`,
                    machineId: blowRoomId,
                    processStep: 'opening',
                    inputs: [{ lotId: baleId(context, index), quantityGrams: BALE_GRAMS }],
                    outputs: [{ lotId: lapId(context, index), form: 'lap', quantityGrams: BALE_GRAMS }],
                    tolerancePermille: 0,
                    quality: { neps: 120 },
                }),
            ],
        }),
    );
    return {
        id: 'transform',
        title: `MaterialLedger:transform (bale -> lap at ${blowRoomId})`,
        kind: 'write',
        concurrency: shape.concurrency,
        load,
    };
}
