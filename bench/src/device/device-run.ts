import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openBenchContext } from '../bench-context';
import { machineInfo } from '../machine-info';
import { readyMachines } from '../ready-machines';
import { answerLatency } from './answer-latency-workload';
import { proofCost } from './proof-cost';
import { recordingRate } from './recording-rate';
import { sealCost } from './seal-cost';
import type { DeviceFigure, DeviceWorkload } from './device-workload';

/** The machine whose chain the device workloads seal into. */
const DEVICE_MACHINE = 'lap-former-b1';
/** The machine of another mill that asks it questions. */
const REQUESTER = 'carding-a1';

/**
 * The device workloads, run in this order by `npm run bench -- --device`. A new one (e.g. answer
 * latencies) is a {@link DeviceWorkload} added here; its figures join the same table.
 */
export const DEVICE_WORKLOADS: readonly { name: string; run: DeviceWorkload }[] = [
    { name: 'readings recorded per second per agent', run: recordingRate },
    { name: 'seal cost on the network', run: sealCost },
    { name: 'proof cost', run: proofCost },
    { name: 'answer latency: status against an hour aggregated', run: answerLatency },
];

/**
 * `npm run bench -- --device`: the device area's costs on the running network (see
 * {@link DEVICE_WORKLOADS}); prints a table of figures and writes it, with the JSON, to the
 * results folder as `device-latest.md` and `device-latest.json`. Figures only, nothing judged.
 */
export async function runDevice(resultsDir: string, workloads = DEVICE_WORKLOADS): Promise<void> {
    const started = Date.now();
    const log = (line: string): void => {
        console.log(`device ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s: ${line}`);
    };
    const context = await openBenchContext();
    const scratch = mkdtempSync(join(tmpdir(), 'spindle-bench-device-'));
    const ready = await readyMachines(context);
    const figures: DeviceFigure[] = [];
    try {
        const machine = ready.find(({ record }) => record.machineId === DEVICE_MACHINE)?.session;
        const requester = ready.find(({ record }) => record.machineId === REQUESTER)?.session;
        if (!machine || !requester) {
            throw new Error(`${DEVICE_MACHINE} and ${REQUESTER} could not be made ACTIVE for the device workloads`);
        }
        for (const workload of workloads) {
            log(workload.name);
            figures.push(...(await workload.run({ context, machine, requester, scratch, log })));
        }
    } finally {
        ready.forEach(({ session }) => {
            session.close();
        });
        context.admin.close();
        rmSync(scratch, { recursive: true, force: true });
    }
    const machine = machineInfo(context.network);
    const table = deviceTable(figures);
    console.log(`\n${table}`);
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, 'device-latest.json'), `${JSON.stringify({ machine, figures }, undefined, 2)}\n`);
    const header = `## Device area\n\n${machine.date} · ${machine.nproc} CPUs (${machine.cpuModel}) · Node ${machine.node} · Fabric ${machine.fabric}\n\n`;
    writeFileSync(join(resultsDir, 'device-latest.md'), `${header}${table}\n`);
    log(`figures in ${join(resultsDir, 'device-latest.md')}`);
}

/** The figures as a Markdown table. */
export function deviceTable(figures: readonly DeviceFigure[]): string {
    const rows = figures.map(
        ({ workload, figure, value, unit, note }) =>
            `| ${workload} | ${figure} | ${value >= 100 ? value.toFixed(0) : value.toFixed(1)} | ${unit} | ${note ?? ''} |`,
    );
    return ['| workload | figure | value | unit | how |', '| --- | --- | ---: | --- | --- |', ...rows].join('\n');
}
