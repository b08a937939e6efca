import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { eciesCipher, runQuery } from '@spindle/client';

import { type WatchedProcess, cpuBetween, sampleCpu } from '../cpu-sampler';
import { outcomeOfError } from '../harness';
import type { DeliverySender } from './delivery-sender';
import type { FleetMachine } from './fleet';
import { LINE_PROFILE, type TrafficKind } from './line-profile';
import { type ArrivalRecord, type CapacityRound, MIN_QUERY_SAMPLES, figuresOf, judgeRound } from './round-verdict';
import { type Arrival, seededRandom, trafficSchedule, withQuerySamples } from './traffic-schedule';
import { neighbourOf, responderOf } from './traffic-routes';

/** What a round runs with. */
export interface RoundSetup {
    /** The machines that run the profile's schedule, each as itself. */
    fleet: readonly FleetMachine[];
    /** Machines whose agents answer 9-step queries (they receive no uploads or orders). */
    responders: readonly FleetMachine[];
    sender: DeliverySender;
    chaincode: string;
    processes: readonly WatchedProcess[];
    seconds: number;
    /** Upload intervals vary by up to this share. */
    jitter: number;
    /** The schedule's seed: the same seed and fleet give the same arrivals. */
    seed: number;
}

/** Bytes of an order's plaintext: a lot change or a few parameter settings. */
const ORDER_BYTES = 256;
const QUESTION = Buffer.from(JSON.stringify({ what: 'quality and history of the lot you delivered' }));
const KINDS: readonly TrafficKind[] = ['upload', 'order', 'query', 'registry-read'];

/**
 * One round at the fleet's size: the profile's arrivals for `seconds`, open loop (each started
 * at its time whatever is still in flight), then waits for what is in flight. Every latency runs
 * from the arrival's scheduled time. Counts every watched process's CPU from the first arrival to
 * the last completion, and judges the round against the capacity limits.
 */
export async function runRound(setup: RoundSetup): Promise<CapacityRound> {
    const { fleet } = setup;
    const durationMs = setup.seconds * 1000;
    const neighbours = fleet.map((_, index) => neighbourOf(index, fleet));
    const responders = fleet.map((machine) => responderOf(machine, setup.responders));
    const askers = fleet.flatMap((_, index) => (responders[index] === undefined ? [] : [index]));
    const { arrivals: schedule, added: addedQueries } = withQuerySamples(
        trafficSchedule(
            fleet.map((machine) => machine.type),
            { durationMs, jitter: setup.jitter, random: seededRandom(setup.seed + fleet.length) },
        ),
        MIN_QUERY_SAMPLES,
        askers,
        durationMs,
    );
    const records: ArrivalRecord[] = [];
    const operation = (arrival: Arrival): (() => Promise<string>) | undefined => {
        const machine = fleet[arrival.machine];
        const neighbour = fleet[neighbours[arrival.machine] ?? -1];
        if (machine === undefined || neighbour === undefined) {
            return undefined;
        }
        switch (arrival.kind) {
            case 'upload':
                return () =>
                    setup.sender.deliver({
                        sender: machine,
                        receiver: neighbour,
                        type: 'upload',
                        bytes: LINE_PROFILE[machine.type].uploadBytes,
                    });
            case 'order':
                return () =>
                    setup.sender.deliver({
                        sender: neighbour,
                        receiver: machine,
                        type: 'download',
                        bytes: ORDER_BYTES,
                    });
            case 'query': {
                const responder = responders[arrival.machine];
                return responder === undefined
                    ? undefined
                    : async () => {
                          await runQuery({
                              requester: machine.session,
                              responderId: responder.machineId,
                              question: QUESTION,
                              cipher: eciesCipher,
                              chaincode: setup.chaincode,
                              timeoutMs: 30_000,
                          });
                          return 'VALID';
                      };
            }
            case 'registry-read':
                return async () => {
                    await machine.session.registry.keys(neighbour.machineId);
                    return 'VALID';
                };
        }
    };
    const before = sampleCpu(setup.processes);
    const loadBefore = loadNow();
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (const arrival of schedule) {
        const run = operation(arrival);
        if (run === undefined) {
            continue;
        }
        const due = started + arrival.atMs;
        const wait = due - performance.now();
        if (wait > 1) {
            await sleep(wait);
        }
        const firedAt = performance.now();
        inFlight.push(
            run()
                .catch((error: unknown) => outcomeOfError(error))
                .then((outcome) => {
                    records.push({
                        kind: arrival.kind,
                        atMs: arrival.atMs,
                        lateMs: firedAt - due,
                        latencyMs: performance.now() - due,
                        outcome,
                    });
                }),
        );
    }
    await setup.sender.close();
    await Promise.all(inFlight);
    const wallMs = performance.now() - started;
    const cpuSeconds = cpuBetween(before, sampleCpu(setup.processes));
    const kinds = Object.fromEntries(
        KINDS.map((kind) => [kind, figuresOf(records.filter((record) => record.kind === kind))]),
    ) as Record<TrafficKind, CapacityRound['send']>;
    const send = figuresOf(records.filter((record) => record.kind === 'upload' || record.kind === 'order'));
    const late = figuresOf(records.map((record) => ({ ...record, latencyMs: record.lateMs, outcome: 'VALID' })));
    const offered = Object.fromEntries(
        KINDS.map((kind) => [
            kind,
            Math.round((schedule.filter((arrival) => arrival.kind === kind).length / setup.seconds) * 100) / 100,
        ]),
    ) as Record<TrafficKind, number>;
    return {
        machines: fleet.length,
        seconds: setup.seconds,
        offeredPerSecond: offered,
        addedQueries,
        kinds,
        send,
        lateP95Ms: late.p95Ms,
        wallMs: Math.round(wallMs),
        cpuSeconds,
        loadAverage: { before: loadBefore, after: loadNow() },
        verdict: judgeRound(send, kinds.query),
    };
}

function loadNow(): number[] {
    return loadavg().map((load) => Math.round(load * 100) / 100);
}
