import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { MachineRegistryClient, type SpindleGateway, eciesCipher, runQuery } from '@spindle/client';

import { type BatchComparison, compareBatching } from '../batch-run';
import { openBenchContext } from '../bench-context';
import { OWN_RECEIVER } from '../bench-settings';
import { watchedProcesses } from '../cpu-sampler';
import { type GrownMachine, growMachines } from '../grow-machines';
import { machineInfo } from '../machine-info';
import { type BenchMachine, machineFinder, readyMachines } from '../ready-machines';
import { batchingSender, sendBatchSubmit } from './batching-sender';
import { type MillEdges, openMillEdges } from './mill-edges';
import type { CapacityOptions } from './capacity-arguments';
import type { CapacityRun, FirstQuery } from './capacity-report';
import { runRound } from './capacity-round';
import { type Probe, bracketOf, nextMachineCount } from './capacity-search';
import { type DeliverySender, singleSender } from './delivery-sender';
import { type Fleet, type FleetMachine, fleetMachineOf, openFleet } from './fleet';
import { LINE_PROFILE, lineTypeOf } from './line-profile';
import { processAgeSeconds } from './process-age';
import { startResponderAgents } from './responder-agents';
import type { CapacityRound } from './round-verdict';

/** Queries after the first one, one at a time, to compare the first against. */
const WARM_QUERIES = 4;
/** What growing costs per machine for the time budget (enroll, register, approve) until the run has measured it. */
const GROWTH_MS_PER_MACHINE = 800;
/** What a round costs beyond its traffic window (draining, sessions). */
const ROUND_OVERHEAD_MS = 30_000;

/**
 * `npm run bench -- --capacity`: on the running network, the first 9-step query (how long after
 * `up` it came, and the next few), then rounds of the line profile's traffic at machine counts
 * chosen by the search (step up, then bisect), growing the network by real machines as it goes,
 * until the search is done or the time budget would run out.
 */
export async function runCapacity(options: CapacityOptions): Promise<CapacityRun> {
    const started = performance.now();
    const log = (line: string) => {
        console.log(`capacity ${((performance.now() - started) / 1000).toFixed(0).padStart(5)} s: ${line}`);
    };
    const context = await openBenchContext();
    const processes = watchedProcesses(context.network.paths.runDir);
    const firstPeer = processes.find((process) => process.name.endsWith('-peer'));
    const networkAgeSeconds = firstPeer === undefined ? undefined : processAgeSeconds(firstPeer.pid);
    const loadStart = loadNow();
    log(
        `network up ${networkAgeSeconds ?? '?'} s ago; load average ${loadStart.join(' ')}; budget ${options.budgetMinutes} min`,
    );
    const mills = context.network.config.mills;
    const mspIds = context.network.consortium.mills.map((mill) => mill.mspId);
    const sessions: SpindleGateway[] = [];
    const ready: BenchMachine[] = [];
    const fleets: Fleet[] = [];
    const fleet: FleetMachine[] = [];
    const rounds: CapacityRound[] = [];
    const probes: Probe[] = [];
    const growth = { machines: 0, ms: 0 };
    let agents: Awaited<ReturnType<typeof startResponderAgents>> | undefined;
    let edges: MillEdges | undefined;
    // Filled inside the try, read after it: an object, so the compiler does not narrow them to their start.
    const outcome: { firstQuery?: FirstQuery; batching?: BatchComparison; stoppedBy?: string } = {};
    try {
        log(`preparing the manifest's machines, the query responders (run ${context.runId})`);
        ready.push(...(await readyMachines(context)));
        const responders = ready.map((machine) => fleetMachineOf(machine, mspIds));
        agents = await startResponderAgents(context, ready, options.agents);
        log(`${agents.count} responder agents (one per ${options.agents}) for ${responders.length} machines`);
        outcome.firstQuery = await measureFirstQuery(
            context.network.config.chaincode.name,
            ready,
            networkAgeSeconds,
            log,
        );
        for (const mill of mills) {
            sessions.push(await context.identities.open(`${mill.name.toLowerCase()}-admin`));
        }
        const admins = new Map(mills.map((mill, index) => [mill.mspId, registryOf(sessions[index])]));
        if (options.batch?.scope === 'mill') {
            log("enrolling each mill's edge identity for mill-scope batches");
            edges = await openMillEdges(context, context.network.config.chaincode.name);
        }
        const grown: GrownMachine[] = [];
        for (let machines = nextMachineCount(options.plan, probes); machines !== undefined;) {
            const perMachineMs = growth.machines === 0 ? GROWTH_MS_PER_MACHINE : growth.ms / growth.machines;
            const growMs = Math.max(0, machines - grown.length) * perMachineMs;
            const roundMs = options.seconds * 1000 + ROUND_OVERHEAD_MS + compareMs(options);
            if (performance.now() - started + growMs + roundMs > options.budgetMinutes * 60_000) {
                outcome.stoppedBy = `the ${options.budgetMinutes} min budget (next: ${machines} machines)`;
                log(`stopping: ${outcome.stoppedBy}`);
                break;
            }
            if (grown.length < machines) {
                log(`growing from ${grown.length} to ${machines} machines`);
                const growStarted = performance.now();
                const added = await growMachines(context, admins, machines - grown.length, {
                    prefix: `${context.runId}-cap`,
                    firstIndex: grown.length,
                    progress: log,
                    // Each mill its own line: mills take turns by index, so the line's slot is the index over the mills.
                    machineTypeOf: (index) => lineTypeOf(Math.floor(index / mills.length)),
                });
                grown.push(...added);
                const opened = openFleet(context, added);
                fleets.push(opened);
                fleet.push(...opened.machines);
                growth.machines += added.length;
                growth.ms += performance.now() - growStarted;
            }
            const sender = senderOf(options, context.network.config.chaincode.name, edges);
            log(`round at ${machines} machines for ${options.seconds} s (${sender.name})`);
            const round = await runRound({
                fleet: fleet.slice(0, machines),
                responders,
                sender,
                chaincode: context.network.config.chaincode.name,
                processes,
                seconds: options.seconds,
                jitter: options.jitter,
                seed: options.seed,
            });
            rounds.push(round);
            probes.push({ machines, passed: round.verdict.passed });
            log(roundLine(round));
            machines = nextMachineCount(options.plan, probes);
        }
        // Last, with the agents stopped: the comparison floods lap-former-b1's inbox, and its
        // agent, busy moving thousands of messages into the chain, would fail the rounds' queries.
        await agents.stop();
        agents = undefined;
        if (options.compareSeconds > 0) {
            log(`single against batched sends, ${options.compareSeconds} s each`);
            outcome.batching = await compareBatching(context, ready, processes, options.compareSeconds, 0);
            log(
                `batched ${outcome.batching.batched.messagesPerSecond.toFixed(1)} messages/s against ` +
                    `${outcome.batching.single.messagesPerSecond.toFixed(1)} single (${outcome.batching.ratio.toFixed(1)} x)`,
            );
        }
    } finally {
        edges?.close();
        await agents?.stop();
        for (const opened of fleets) {
            opened.close();
        }
        for (const machine of ready) {
            machine.session.close();
        }
        for (const session of sessions) {
            session.close();
        }
        context.admin.close();
    }
    return {
        machine: machineInfo(context.network),
        sender: senderNameOf(options),
        seconds: options.seconds,
        jitter: options.jitter,
        seed: options.seed,
        plan: options.plan,
        budgetMinutes: options.budgetMinutes,
        profile: LINE_PROFILE,
        responders: ready.map((machine) => machine.record.machineId),
        agents: options.agents,
        firstQuery: outcome.firstQuery,
        ...(outcome.batching === undefined ? {} : { batching: outcome.batching }),
        rounds,
        bracket: bracketOf(probes),
        ...(outcome.stoppedBy === undefined ? {} : { stoppedBy: outcome.stoppedBy }),
        growth: { machines: growth.machines, ms: Math.round(growth.ms) },
        loadAverage: { start: loadStart, end: loadNow() },
        durationMs: Math.round(performance.now() - started),
    };
}

/** What the closing comparison of single and batched sends costs, kept back from the budget. */
function compareMs(options: CapacityOptions): number {
    return options.compareSeconds === 0 ? 0 : options.compareSeconds * 2000 + ROUND_OVERHEAD_MS;
}

/**
 * The first 9-step query of the run, carding-a1 to lap-former-b1 as the main bench's, then a few
 * more one at a time: on a network just brought up, the first pays for cold caches and code paths.
 */
async function measureFirstQuery(
    chaincode: string,
    ready: readonly BenchMachine[],
    networkAgeSeconds: number | undefined,
    log: (line: string) => void,
): Promise<FirstQuery> {
    const find = machineFinder(ready);
    const requester = find('carding-a1');
    const responder = find(OWN_RECEIVER);
    const once = async (): Promise<number> => {
        const at = performance.now();
        await runQuery({
            requester: requester.session,
            responderId: responder.record.machineId,
            question: Buffer.from(JSON.stringify({ what: 'status' })),
            cipher: eciesCipher,
            chaincode,
            timeoutMs: 60_000,
        });
        return Math.round(performance.now() - at);
    };
    const firstMs = await once();
    const nextMs: number[] = [];
    for (let query = 0; query < WARM_QUERIES; query += 1) {
        nextMs.push(await once());
    }
    log(`first 9-step query ${firstMs} ms, the next ${nextMs.join(', ')} ms`);
    return {
        requester: requester.record.machineId,
        responder: responder.record.machineId,
        firstMs,
        nextMs,
        ...(networkAgeSeconds === undefined ? {} : { networkAgeSeconds }),
    };
}

/** The round's sender; a mill-scope batch goes through the mill's edge (`edges`, opened for it). */
function senderOf(options: CapacityOptions, chaincode: string, edges?: MillEdges): DeliverySender {
    if (options.batch === undefined) {
        return singleSender(chaincode);
    }
    const { scope } = options.batch;
    if (scope === 'mill' && edges === undefined) {
        throw new Error("CONFIG_INVALID: mill-scope batches need the mills' edges opened");
    }
    return batchingSender({
        windowMs: options.batch.windowMs,
        maxPackets: options.batch.maxPackets,
        scope,
        submit: scope === 'mill' && edges !== undefined ? edges.submit : sendBatchSubmit(),
    });
}

/** The name of the run's sender, for the report. */
function senderNameOf(options: CapacityOptions): string {
    return options.batch === undefined
        ? singleSender('').name
        : batchingSender({ ...options.batch, submit: () => Promise.resolve('VALID') }).name;
}

function registryOf(session: SpindleGateway | undefined): MachineRegistryClient {
    if (session === undefined) {
        throw new Error('CONFIG_INVALID: the network has no mills');
    }
    return new MachineRegistryClient(session);
}

function roundLine(round: CapacityRound): string {
    const { send, kinds } = round;
    return (
        `${round.machines} machines: send ${send.valid}/${send.completed} valid, p50 ${send.p50Ms} p95 ${send.p95Ms} ms; ` +
        `query ${kinds.query.valid}/${kinds.query.completed}, p95 ${kinds.query.p95Ms} ms; late p95 ${round.lateP95Ms} ms; ` +
        (round.verdict.passed ? 'passed' : `failed: ${round.verdict.broken.join('; ')}`)
    );
}

function loadNow(): number[] {
    return loadavg().map((load) => Math.round(load * 100) / 100);
}
