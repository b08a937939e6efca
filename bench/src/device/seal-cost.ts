import { join } from 'node:path';
import { HISTORY_LIMITS, openHistoryStore, sealBatch } from '@spindle/client/dist/device/history';
import { communicationSealChain } from '@spindle/client/dist/device/recorder';

import { syntheticReadings } from './device-readings';
import { type DeviceBench, type DeviceFigure, median, msSince } from './device-workload';

const WORKLOAD = 'seal';
/** Readings per seal, and seals timed at each size. */
const SIZES: readonly { readings: number; seals: number }[] = [
    { readings: 100, seals: 5 },
    { readings: 1000, seals: 5 },
    { readings: 10_000, seals: 3 },
];

/**
 * What one seal costs, stage by stage, on the real network: reading the batch from the store,
 * its Merkle root (`sealBatch`), `recordSeal` (fsync), the `appendBlock` that carries it to
 * lap-former-b1's chain (endorsed by a majority of mills, committed), `recordAnchor`. Medians.
 */
export async function sealCost(bench: DeviceBench): Promise<DeviceFigure[]> {
    const { machine } = bench;
    const chain = communicationSealChain(machine.communication, machine.machineId);
    const store = await openHistoryStore({ folder: join(bench.scratch, 'seal-cost'), machineId: machine.machineId });
    const figures: DeviceFigure[] = [];
    try {
        for (const { readings, seals } of SIZES) {
            const stages = {
                read: [] as number[],
                root: [] as number[],
                record: [] as number[],
                append: [] as number[],
                anchor: [] as number[],
            };
            for (let i = 0; i < seals; i += 1) {
                for (let done = 0; done < readings; done += HISTORY_LIMITS.appendMax) {
                    await store.append(
                        syntheticReadings(store.lastSeq(), Math.min(HISTORY_LIMITS.appendMax, readings - done)),
                    );
                }
                const firstSeq = (await store.sealedThrough()) + 1;
                let start = performance.now();
                const batch = await store.readingsFrom(firstSeq, readings);
                stages.read.push(msSince(start));
                start = performance.now();
                const entry = sealBatch(batch);
                stages.root.push(msSince(start));
                start = performance.now();
                await store.recordSeal(entry, new Date());
                stages.record.push(msSince(start));
                start = performance.now();
                const blockSeq = await chain.appendSeal(entry);
                stages.append.push(msSince(start));
                start = performance.now();
                await store.recordAnchor(firstSeq, { machineId: machine.machineId, blockSeq });
                stages.anchor.push(msSince(start));
            }
            const total = stages.read.map(
                (_, i) =>
                    (stages.read[i] ?? 0) +
                    (stages.root[i] ?? 0) +
                    (stages.record[i] ?? 0) +
                    (stages.append[i] ?? 0) +
                    (stages.anchor[i] ?? 0),
            );
            bench.log(
                `seal of ${readings} readings: ${median(total).toFixed(1)} ms (appendBlock ${median(stages.append).toFixed(1)} ms)`,
            );
            const note = `median of ${seals} seals`;
            figures.push(
                {
                    workload: WORKLOAD,
                    figure: `seal ${readings} readings: whole seal`,
                    value: median(total),
                    unit: 'ms',
                    note,
                },
                {
                    workload: WORKLOAD,
                    figure: `seal ${readings} readings: read from the store`,
                    value: median(stages.read),
                    unit: 'ms',
                },
                {
                    workload: WORKLOAD,
                    figure: `seal ${readings} readings: sealBatch (Merkle root)`,
                    value: median(stages.root),
                    unit: 'ms',
                },
                {
                    workload: WORKLOAD,
                    figure: `seal ${readings} readings: recordSeal (fsync)`,
                    value: median(stages.record),
                    unit: 'ms',
                },
                {
                    workload: WORKLOAD,
                    figure: `seal ${readings} readings: appendBlock on the network`,
                    value: median(stages.append),
                    unit: 'ms',
                },
                {
                    workload: WORKLOAD,
                    figure: `seal ${readings} readings: recordAnchor (fsync)`,
                    value: median(stages.anchor),
                    unit: 'ms',
                },
            );
        }
        return figures;
    } finally {
        await store.close();
    }
}
