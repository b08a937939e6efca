import { join } from 'node:path';
import { openHistoryStore, proveReadings, sealBatch, verifyReadingProof } from '@spindle/client/dist/device/history';

import { syntheticReadings } from './device-readings';
import { type DeviceBench, type DeviceFigure, msSince } from './device-workload';

const WORKLOAD = 'proof';
const STORED = 10_000;
/** Readings per seal in the store proven from: the recorder's default cadence by count. */
const PER_SEAL = 1000;

/**
 * What proving an answer costs the answering agent, and verifying it the requester: proofs for
 * the first N of 10,000 stored readings sealed 1,000 to a seal (`proveReadings`: each seal's batch
 * read and hashed once), and every proof checked against its seal (`verifyReadingProof`). No network.
 */
export async function proofCost(bench: DeviceBench): Promise<DeviceFigure[]> {
    const machineId = 'lap-former-bench';
    const store = await openHistoryStore({ folder: join(bench.scratch, 'proof-cost'), machineId, sync: false });
    const figures: DeviceFigure[] = [];
    try {
        for (let from = 0; from < STORED; from += PER_SEAL) {
            const recorded = await store.append(syntheticReadings(from, PER_SEAL));
            await store.recordSeal(sealBatch(recorded), new Date());
        }
        for (const count of [100, 1000, 10_000]) {
            const readings = await store.readingsFrom(1, count);
            let start = performance.now();
            const proven = await proveReadings(store, readings);
            const proveMs = msSince(start);
            start = performance.now();
            const ok = proven.filter(
                (one) => one.status === 'sealed' && verifyReadingProof(one.reading, one.proof, one.seal).ok,
            ).length;
            const verifyMs = msSince(start);
            bench.log(
                `proof of ${count} readings: prove ${proveMs.toFixed(1)} ms, verify ${verifyMs.toFixed(1)} ms (${ok} ok)`,
            );
            const note = `${Math.ceil(count / PER_SEAL)} seal(s) of ${PER_SEAL}`;
            figures.push(
                {
                    workload: WORKLOAD,
                    figure: `prove ${count} readings (proveReadings)`,
                    value: proveMs,
                    unit: 'ms',
                    note,
                },
                {
                    workload: WORKLOAD,
                    figure: `verify ${count} proofs (verifyReadingProof)`,
                    value: verifyMs,
                    unit: 'ms',
                    note: `${ok} of ${count} verified`,
                },
            );
        }
        return figures;
    } finally {
        await store.close();
    }
}
