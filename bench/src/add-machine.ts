import type { BenchContext } from './bench-context';
import type { MillAdmins } from './grow-machines';
import { runLoad } from './harness';
import { percentilesOf } from './percentiles';
import { enrollRegisterPool, machineRegister } from './workloads/machine-register';
import type { WorkloadResult } from './workloads/workload';

/**
 * Adding one machine, timed end to end `samples` times one after another, the mills taking
 * turns: enrolled at its mill's fabric-ca and connected, registered by itself, approved by its
 * mill's admin, each step waiting for the last's commit. The result's p50 is the median wall
 * time; `extra` holds each step's median in ms.
 */
export async function addMachine(
    context: BenchContext,
    admins: MillAdmins,
    samples: number,
    naming: { prefix: string; firstIndex: number },
): Promise<WorkloadResult> {
    const steps = { enrollMs: [] as number[], registerMs: [] as number[], approveMs: [] as number[] };
    const load = await runLoad({ concurrency: 1, durationMs: 10 * 60_000, maxCount: samples }, async (index) => {
        const started = Date.now();
        const pool = await enrollRegisterPool(context, 1, {
            prefix: naming.prefix,
            firstIndex: naming.firstIndex + index,
        });
        const enrolled = Date.now();
        const machine = pool.candidates[0]?.registration;
        const admin = machine && admins.get(machine.ownerMspId);
        const registered = await machineRegister({ concurrency: 1, durationMs: 60_000 }, pool);
        if (machine === undefined || admin === undefined || registered.load.valid !== 1) {
            const code = Object.keys(registered.load.failures)[0] ?? 'NOT_REGISTERED';
            // The harness records the code and keeps the first message for the report.
            throw Object.assign(new Error(`${code}: ${registered.load.firstError ?? 'register failed'}`), { code });
        }
        const approving = Date.now();
        await admin.approve(machine.machineId);
        steps.enrollMs.push(enrolled - started);
        steps.registerMs.push(approving - enrolled);
        steps.approveMs.push(Date.now() - approving);
        return 'VALID';
    });
    const median = (values: number[]) => Math.round(percentilesOf(values).p50);
    return {
        id: 'add-machine',
        title: 'add one machine: enroll at its fabric-ca, register (by itself), approve (mill admin)',
        kind: 'flow',
        concurrency: 1,
        load,
        ...(load.valid === 0
            ? {}
            : {
                  extra: {
                      enrollMs: median(steps.enrollMs),
                      registerMs: median(steps.registerMs),
                      approveMs: median(steps.approveMs),
                  },
              }),
    };
}
