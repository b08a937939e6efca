import { CONTRACT_NAMES, PROBE_TRANSACTIONS, qualifiedName } from '@spindle/chaincode/protocol';

import type { BenchContext } from '../bench-context';
import { type LoadShape, runLoad } from '../harness';
import { submitOnce } from '../recorded-submit';
import type { WorkloadResult } from './workload';

/** The size of every small value the write workloads store, so their ratios compare like with like. */
export const VALUE_BYTES = 256;

/** A value of VALUE_BYTES characters. */
export function benchValue(index: number): string {
    return `${index}:`.padEnd(VALUE_BYTES, 'x');
}

/** B, the baseline: `Probe:put` of a small public value under a new key. */
export async function baselinePut(context: BenchContext, shape: LoadShape, id = 'B'): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put);
    // B's keys are the ones read-probe reads back; the other runs of Probe:put write beside them.
    const prefix = id === 'B' ? `${context.runId}-b` : `${context.runId}-${id.toLowerCase()}`;
    const load = await runLoad(shape, (index) =>
        submitOnce(context.contract, transaction, { arguments: [`${prefix}-${index}`, benchValue(index)] }),
    );
    return { id, title: 'Probe:put (public, 256 B)', kind: 'write', concurrency: shape.concurrency, load };
}

/** One B at a time: the commit latency of a single submit, the yardstick of the 9-step flow. */
export async function singleSubmit(context: BenchContext, count: number): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put);
    const load = await runLoad({ concurrency: 1, durationMs: 60_000, maxCount: count }, (index) =>
        submitOnce(context.contract, transaction, { arguments: [`${context.runId}-s-${index}`, benchValue(index)] }),
    );
    return { id: 'B-single', title: 'Probe:put, one at a time', kind: 'write', concurrency: 1, load };
}
