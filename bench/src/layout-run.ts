import { loadavg } from 'node:os';
import { readWanState } from '@spindle/network';

import { openBenchContext } from './bench-context';
import { OWN_RECEIVER, OWN_SENDERS, QUERY_FLOW_COUNT, SECONDS, resultLine } from './bench-settings';
import { type LayoutRun, writeLayoutReport } from './layout-report';
import { machineInfo } from './machine-info';
import { machineFinder, readyMachines } from './ready-machines';
import { baselinePut, singleSubmit } from './workloads/baseline-put';
import { messageSend } from './workloads/message-send';
import { queryFlow } from './workloads/query-flow';
import type { WorkloadResult } from './workloads/workload';

/** Sends one at a time: the latency a machine sees when nothing else queues. */
const SINGLE_COUNT = 20;
const WARM_UP_MS = 4000;
/** Fewer in flight than the main bench: a WAN makes every delivery slower, not the CPU busier. */
const SEND_CONCURRENCY = 32;

/**
 * `--layout`: the figures a mill feels when the others are far away, on the network that is up
 * (loopback, or the netns layout with its WAN delay): one Probe:put at a time, one send at a
 * time, sends with 32 in flight, and the 9-step flow. Each layout's run is kept
 * (`results/layout-<layout>.json`) and the section puts every layout measured so far side by side.
 */
export async function runLayoutBench(resultsDir: string, publishDir?: string): Promise<void> {
    const context = await openBenchContext();
    const results: WorkloadResult[] = [];
    const loadBefore = loadavg()[0] ?? 0;
    try {
        console.log(`bench: ${context.network.config.layout} layout; preparing machines (run ${context.runId})`);
        const machines = await readyMachines(context);
        const find = machineFinder(machines);
        const measure = async (run: () => Promise<WorkloadResult>): Promise<void> => {
            const result = await run();
            results.push(result);
            console.log(resultLine(result));
        };
        await baselinePut(context, { concurrency: 16, durationMs: WARM_UP_MS }, 'warm-up');
        await measure(() => singleSubmit(context, SINGLE_COUNT));
        const senders = OWN_SENDERS.map(find);
        const receiver = find(OWN_RECEIVER);
        const title = `Communication:send ${OWN_SENDERS.join(', ')} (MillA) -> ${OWN_RECEIVER} (MillB)`;
        await measure(() =>
            messageSend(
                context,
                { concurrency: 1, durationMs: SECONDS * 1000, maxCount: SINGLE_COUNT },
                senders,
                receiver,
                'send-single',
                `${title}, one at a time`,
            ),
        );
        await measure(() =>
            messageSend(
                context,
                { concurrency: SEND_CONCURRENCY, durationMs: SECONDS * 1000 },
                senders,
                receiver,
                'send',
                title,
            ),
        );
        await measure(() => queryFlow(context, find('carding-a1'), receiver, SECONDS * 1000, QUERY_FLOW_COUNT));
        for (const machine of machines) {
            machine.session.close();
        }
    } finally {
        context.admin.close();
    }
    const run: LayoutRun = {
        layout: context.network.config.layout,
        wan: context.network.config.layout === 'netns' ? readWanState(context.network.paths.runDir) : undefined,
        machine: machineInfo(context.network),
        loadAverage: { before: loadBefore, after: loadavg()[0] ?? 0 },
        workloads: results,
    };
    console.log(`bench: layout section in ${writeLayoutReport(resultsDir, run, publishDir)}`);
}
