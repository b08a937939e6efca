import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MachineRegistryClient, type SpindleGateway } from '@spindle/client';

import { addMachine } from './add-machine';
import { countActiveMachines } from './active-machines';
import { type BenchContext, openBenchContext } from './bench-context';
import {
    CONCURRENCY,
    OWN_RECEIVER,
    OWN_SENDERS,
    QUERY_FLOW_COUNT,
    SECONDS,
    WARM_UP_SECONDS,
    resultLine,
} from './bench-settings';
import { cpuBetween, sampleCpu, watchedProcesses } from './cpu-sampler';
import { growMachines } from './grow-machines';
import { machineInfo } from './machine-info';
import { peerProfileAvailable } from './peer-profile';
import { profileEveryPeer } from './profile-every-peer';
import { type BenchMachine, machineFinder, readyMachines } from './ready-machines';
import { type ScaleRun, toScaleSection, writeScaleReport } from './scale-report';
import { parseScaleSizes } from './scale-sizes';
import type { ScaleStep } from './scale-table';
import { baselinePut } from './workloads/baseline-put';
import { messageSend } from './workloads/message-send';
import { privatePut } from './workloads/private-put';
import { queryFlow } from './workloads/query-flow';
import type { WorkloadResult } from './workloads/workload';

/** Times adding one machine is timed at each size. */
const ADD_MACHINE_SAMPLES = 5;

/**
 * `npm run bench -- --scale`: on the running network, at each machine count of
 * `SPINDLE_BENCH_SCALE_SIZES` (20, 100, 300, 600), B, private put, send, the 9-step query flow
 * and adding one machine, growing the network between counts; with peer pprof on, every peer's
 * profile at the smallest and largest count. Prints the section and writes it to the results
 * folder, and with `publishDir` into its REPORT.md.
 */
export async function runScale(resultsDir: string, publishDir: string | undefined): Promise<void> {
    const sizes = parseScaleSizes(process.env.SPINDLE_BENCH_SCALE_SIZES);
    const started = Date.now();
    const log = (line: string) => {
        console.log(`scale ${((Date.now() - started) / 1000).toFixed(0).padStart(5)} s: ${line}`);
    };
    const context = await openBenchContext();
    const mills = context.network.config.mills;
    const profileDir = join(resultsDir, 'scale');
    mkdirSync(profileDir, { recursive: true });
    const firstPeer = mills[0];
    const profiling = firstPeer !== undefined && (await peerProfileAvailable(firstPeer.ports.peerProfile));
    log(
        `sizes ${sizes.join(', ')}; ${profiling ? 'profiling every peer at the smallest and largest size' : 'peers without pprof (SPINDLE_PEER_PPROF=1 at up adds profiles)'}`,
    );
    const sessions: SpindleGateway[] = [];
    const machines: BenchMachine[] = [];
    const steps: ScaleStep[] = [];
    const growth = { machines: 0, ms: 0 };
    try {
        for (const mill of mills) {
            sessions.push(await context.identities.open(`${mill.name.toLowerCase()}-admin`));
        }
        const admins = new Map(mills.map((mill, index) => [mill.mspId, sessionRegistry(sessions[index])]));
        const registry = sessionRegistry(sessions[0]);
        log(`preparing the manifest's machines (run ${context.runId})`);
        machines.push(...(await readyMachines(context)));
        const find = machineFinder(machines);
        const saturated = { concurrency: CONCURRENCY, durationMs: SECONDS * 1000 };
        for (const [index, size] of sizes.entries()) {
            const before = await countActiveMachines(registry);
            if (before < size) {
                log(`growing from ${before} to ${size} ACTIVE machines`);
                const growStarted = Date.now();
                await growMachines(context, admins, size - before, {
                    prefix: `${context.runId}-g`,
                    firstIndex: growth.machines,
                    progress: log,
                });
                growth.machines += size - before;
                growth.ms += Date.now() - growStarted;
            }
            const active = await countActiveMachines(registry);
            if (active !== size) {
                log(`note: ${active} machines ACTIVE, not ${size} (the ledger had more); measured as they are`);
            }
            const profiled = profiling && (index === 0 || index === sizes.length - 1);
            const step: ScaleStep = { size, machines: active, results: [], ...(profiled ? { profiles: {} } : {}) };
            const measure = measurer(context, step, profileDir);
            log(`measuring at ${active} ACTIVE machines after ${WARM_UP_SECONDS} s of unrecorded B`);
            await baselinePut(context, { ...saturated, durationMs: WARM_UP_SECONDS * 1000 }, 'warm-up');
            const profileAs = (id: string) => (profiled ? `${size}-${id}` : undefined);
            await measure(() => baselinePut(context, saturated), profileAs('B'));
            const privateOwner = find('carding-a2');
            await measure(
                () => privatePut(context, saturated, privateOwner.record.machineId, privateOwner.record.ownerMspId),
                profileAs('private-put'),
            );
            await measure(
                () => messageSend(context, saturated, OWN_SENDERS.map(find), find(OWN_RECEIVER), 'send', 'send'),
                profileAs('send'),
            );
            await measure(() =>
                queryFlow(context, find('carding-a1'), find(OWN_RECEIVER), SECONDS * 1000, QUERY_FLOW_COUNT),
            );
            await measure(() =>
                addMachine(context, admins, ADD_MACHINE_SAMPLES, {
                    prefix: `${context.runId}-add`,
                    firstIndex: index * ADD_MACHINE_SAMPLES,
                }),
            );
            steps.push(step);
        }
    } finally {
        for (const machine of machines) {
            machine.session.close();
        }
        for (const session of sessions) {
            session.close();
        }
        context.admin.close();
        if (steps.length > 0) {
            const run: ScaleRun = {
                machine: machineInfo(context.network),
                seconds: SECONDS,
                concurrency: CONCURRENCY,
                addMachineSamples: ADD_MACHINE_SAMPLES,
                steps,
                growth,
                durationMs: Date.now() - started,
            };
            console.log(`\n${toScaleSection(run)}`);
            log(`report in ${writeScaleReport(resultsDir, run, publishDir)}`);
        }
    }
}

function sessionRegistry(session: SpindleGateway | undefined): MachineRegistryClient {
    if (session === undefined) {
        throw new Error('CONFIG_INVALID: the network has no mills');
    }
    return new MachineRegistryClient(session);
}

/**
 * Runs a workload into the step: every process's CPU time around it, and with `profileAs`,
 * every peer's CPU profile during it, kept as `<profileAs>-<mill>.pb.gz`.
 */
function measurer(context: BenchContext, step: ScaleStep, profileDir: string) {
    const processes = watchedProcesses(context.network.paths.runDir);
    return async (run: () => Promise<WorkloadResult>, profileAs?: string): Promise<void> => {
        const before = sampleCpu(processes);
        const profiles =
            profileAs === undefined
                ? undefined
                : profileEveryPeer(context.network.config.mills, Math.max(2, SECONDS - 4), profileDir, profileAs);
        const result = await run();
        result.cpuSeconds = cpuBetween(before, sampleCpu(processes));
        if (profiles !== undefined && step.profiles !== undefined) {
            step.profiles[result.id] = await profiles;
        }
        step.results.push(result);
        console.log(`  ${resultLine(result)}`);
    };
}
