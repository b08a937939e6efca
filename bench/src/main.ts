import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { debugRequested, failureLines } from '@spindle/network/client-support';

import { openBenchContext } from './bench-context';
import { capacityFromArguments, renderCapacityAgain } from './capacity';
import { runDevice } from './device';
import {
    CONCURRENCY,
    OWN_RECEIVER,
    OWN_SENDERS,
    QUERY_FLOW_COUNT,
    RESULTS_DIR,
    SECONDS,
    WARM_UP_SECONDS,
    resultLine,
} from './bench-settings';
import { cpuBetween, sampleCpu, watchedProcesses } from './cpu-sampler';
import { runBatchBench } from './batch-run';
import { runLayoutBench } from './layout-run';
import { machineInfo } from './machine-info';
import { peerProfileAvailable, profilePeer } from './peer-profile';
import { type BenchMachine, machineFinder, readyMachines } from './ready-machines';
import { type BenchReport, writeReport } from './report';
import { runScale } from './scale';
import { soakFromArguments } from './soak/soak-arguments';
import { type ScaleRun, writeScaleReport } from './scale-report';
import { judgeTargets } from './targets';
import { baselinePut, singleSubmit } from './workloads/baseline-put';
import { buildLineage, traceAtDepth, traceDepths } from './workloads/genealogy-trace';
import { createLots, transformBales } from './workloads/material-writes';
import { enrollRegisterPool, machineRegister } from './workloads/machine-register';
import { messageSend } from './workloads/message-send';
import { privatePut } from './workloads/private-put';
import { keyPoolLookup, machineLookup, probeGet } from './workloads/public-reads';
import { queryFlow } from './workloads/query-flow';
import type { WorkloadResult } from './workloads/workload';

/** New machines enrolled for the register workload; `SPINDLE_BENCH_REGISTER_POOL` overrides. */
const REGISTER_POOL = Number(process.env.SPINDLE_BENCH_REGISTER_POOL ?? '300');
const CONTENDING_SENDERS = 16;
/** Traces at each depth, one at a time. */
const TRACES_PER_DEPTH = 50;
/** `--publish`: also the committed copy, bench/REPORT.md and report.svg. */
const PUBLISH_DIR = process.argv.includes('--publish') ? join(__dirname, '..') : undefined;
/** `--baseline`: B-single, B and B-wide only, to compare network settings quickly. */
const BASELINE_ONLY = process.argv.includes('--baseline');
/** `--send`: B and send only, the ratio of issue 15's cheaper single sends, in about a minute. */
const SEND_ONLY = process.argv.includes('--send');
/** `--trace`: the genealogy traces only. */
const TRACE_ONLY = process.argv.includes('--trace');

async function main(): Promise<void> {
    const context = await openBenchContext();
    const processes = watchedProcesses(context.network.paths.runDir);
    const results: WorkloadResult[] = [];
    mkdirSync(RESULTS_DIR, { recursive: true });
    const profiledPeer = context.network.config.mills[0];
    const profiling = profiledPeer !== undefined && (await peerProfileAvailable(profiledPeer.ports.peerProfile));
    console.log(
        profiling
            ? `bench: profiling ${profiledPeer.name}'s peer during B, send and transform (SPINDLE_PEER_PPROF=1)`
            : 'bench: peers without pprof; bring the network up with SPINDLE_PEER_PPROF=1 for peer profiles',
    );
    /** Runs a workload, counting every process's CPU and, if asked and possible, profiling the first mill's peer. */
    const measure = async (run: () => Promise<WorkloadResult>, profileAs?: string): Promise<WorkloadResult> => {
        const before = sampleCpu(processes);
        const from = new Date().toISOString();
        const profile =
            profiling && profileAs !== undefined
                ? profilePeer(profiledPeer.ports.peerProfile, Math.max(2, SECONDS - 4), RESULTS_DIR, profileAs)
                : undefined;
        const result = await run();
        if (profile !== undefined) {
            result.peerProfile = await profile;
        }
        result.cpuSeconds = cpuBetween(before, sampleCpu(processes));
        if (result.load.firstError !== undefined) {
            result.extra = { ...result.extra, firstError: result.load.firstError };
        }
        results.push(result);
        console.log(resultLine(result));
        // The window, to cut a chaincode server's CPU profile (SPINDLE_CHAINCODE_CPU_PROF) to this workload.
        console.log(`bench: ${result.id} ran from ${from} to ${new Date().toISOString()}`);
        return result;
    };
    const saturated = { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 };
    const machines: BenchMachine[] = [];

    const measureSend = () =>
        measure(
            () =>
                messageSend(
                    context,
                    saturated,
                    OWN_SENDERS.map(machineFinder(machines)),
                    machineFinder(machines)(OWN_RECEIVER),
                    'send',
                    `Communication:send ${OWN_SENDERS.join(', ')} (MillA) -> ${OWN_RECEIVER} (MillB)`,
                ),
            'pprof-send-peer',
        );

    const measureTraces = async () => {
        const deepest = Math.max(...traceDepths());
        console.log(`bench: building a genealogy ${deepest} transforms deep`);
        const leaf = await buildLineage(context, 'blow-room-a1', 'carding-a1', deepest);
        // Warm-up, not recorded: the chaincode's trace path is compiled by V8 on first use.
        await traceAtDepth(context, leaf, deepest, TRACES_PER_DEPTH / 5);
        for (const depth of traceDepths()) {
            await measure(() => traceAtDepth(context, leaf, depth, TRACES_PER_DEPTH));
        }
    };

    try {
        console.log(`bench: preparing machines (run ${context.runId})`);
        machines.push(...(await readyMachines(context)));
        const find = machineFinder(machines);

        if (TRACE_ONLY) {
            await measureTraces();
            return;
        }
        // Warm-up, not recorded: a network just brought up compiles its chaincode paths, fills
        // its caches and compacts its databases, which once took B's first seconds down by a third.
        console.log(`bench: warming up for ${WARM_UP_SECONDS} s`);
        await baselinePut(context, { ...saturated, durationMs: WARM_UP_SECONDS * 1000 }, 'warm-up');
        if (SEND_ONLY) {
            await measure(() => baselinePut(context, saturated), 'pprof-B-peer');
            await measureSend();
            return;
        }
        await measure(() => singleSubmit(context, 20));
        const b = await measure(() => baselinePut(context, saturated), 'pprof-B-peer');
        await measure(() => baselinePut(context, { ...saturated, concurrency: CONCURRENCY * 2 }, 'B-wide'));
        if (BASELINE_ONLY) {
            return;
        }
        console.log(`bench: enrolling ${REGISTER_POOL} new machines at the mills' fabric-ca for register`);
        const enrollStarted = Date.now();
        const pool = await enrollRegisterPool(context, REGISTER_POOL);
        console.log(
            `bench: enrolled ${pool.candidates.length} in ${((Date.now() - enrollStarted) / 1000).toFixed(0)} s`,
        );
        // The pool is used up in a few seconds, ramp-up included, so register is judged against B
        // over the same number of transactions at the same concurrency, not against 12 s of B.
        await measure(() => baselinePut(context, { ...saturated, maxCount: pool.candidates.length }, 'B-short'));
        await measure(() => machineRegister(saturated, pool));
        await measure(() => probeGet(context, saturated, b.load.valid));
        const ids = machines.map((machine) => machine.record.machineId);
        await measure(() => keyPoolLookup(context, saturated, ids));
        await measure(() => machineLookup(context, saturated, ids));
        const privateOwner = find('carding-a2');
        await measure(() =>
            privatePut(context, saturated, privateOwner.record.machineId, privateOwner.record.ownerMspId),
        );
        await measureSend();
        const lots = await measure(() => createLots(context, saturated));
        await measure(
            () => transformBales(context, saturated, find('blow-room-a1').record.machineId, lots.load.valid),
            'pprof-transform-peer',
        );
        await measure(() =>
            queryFlow(context, find('carding-a1'), find(OWN_RECEIVER), SECONDS * 1000, QUERY_FLOW_COUNT),
        );
        const receiver = find('comber-a1');
        const senders = machines.filter((machine) => machine !== receiver);
        await measure(() =>
            messageSend(
                context,
                { concurrency: CONTENDING_SENDERS, durationMs: SECONDS * 1000 },
                senders,
                receiver,
                'send-16to1',
                `Communication:send, ${CONTENDING_SENDERS} in flight from ${senders.length} machines to comber-a1`,
            ),
        );
        await measureTraces();
    } finally {
        for (const machine of machines) {
            machine.session.close();
        }
        context.admin.close();
        const report = { machine: machineInfo(context.network), workloads: results, targets: judgeTargets(results) };
        // A partial run (--baseline, --trace, --send) never replaces the published report.
        const partial = BASELINE_ONLY || TRACE_ONLY || SEND_ONLY;
        if (partial && PUBLISH_DIR !== undefined) {
            console.log('bench: --publish is for a full run; bench/REPORT.md left as it was');
        }
        console.log(`bench: report in ${writeReport(RESULTS_DIR, report, partial ? undefined : PUBLISH_DIR)}`);
    }
}

/**
 * `--render`: the report again from `bench/results/latest.json`, without touching the network,
 * after the report's code changed; the targets are judged again from the records.
 */
function renderAgain(): void {
    const saved = JSON.parse(readFileSync(join(RESULTS_DIR, 'latest.json'), 'utf8')) as BenchReport;
    const report = { ...saved, targets: judgeTargets(saved.workloads) };
    console.log(`bench: report in ${writeReport(RESULTS_DIR, report, PUBLISH_DIR)}`);
}

/** `--scale --render`: the scale section again from `bench/results/scale-latest.json`. */
function renderScaleAgain(): void {
    const saved = JSON.parse(readFileSync(join(RESULTS_DIR, 'scale-latest.json'), 'utf8')) as ScaleRun;
    console.log(`bench: scale section in ${writeScaleReport(RESULTS_DIR, saved, PUBLISH_DIR)}`);
}

const SCALE = process.argv.includes('--scale');
/** `--soak [--deliveries N] [--prune-every 60s]`: years of traffic in short (see bench/src/soak). */
const SOAK = process.argv.includes('--soak');
/** `--layout`: the 9-step flow and send on the layout that is up, next to the other layout's figures. */
const LAYOUT = process.argv.includes('--layout');
/** `--device`: the device area's workloads only (recording, seal and proof costs). */
const DEVICE = process.argv.includes('--device');
/** `--capacity`: how many machines of the line profile the network serves (see bench/src/capacity); before `--batch`. */
const CAPACITY = process.argv.includes('--capacity');
/** `--batch`: messages per second and CPU per message, batched against single sends. */
const BATCH = process.argv.includes('--batch');
const run = process.argv.includes('--render')
    ? () =>
          Promise.resolve().then(
              SCALE
                  ? renderScaleAgain
                  : CAPACITY
                    ? () => {
                          renderCapacityAgain(RESULTS_DIR, PUBLISH_DIR);
                      }
                    : renderAgain,
          )
    : SOAK
      ? () => soakFromArguments(process.argv.slice(2), RESULTS_DIR, PUBLISH_DIR)
      : SCALE
        ? () => runScale(RESULTS_DIR, PUBLISH_DIR)
        : CAPACITY
          ? () => capacityFromArguments(process.argv.slice(2), RESULTS_DIR, PUBLISH_DIR)
          : BATCH
            ? () => runBatchBench(RESULTS_DIR)
            : DEVICE
              ? () => runDevice(RESULTS_DIR)
              : LAYOUT
                ? () => runLayoutBench(RESULTS_DIR, PUBLISH_DIR)
                : main;

run().catch((error: unknown) => {
    for (const line of failureLines(error, debugRequested())) {
        console.error(`bench: ${line}`);
    }
    process.exitCode = 1;
});
