import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { pino } from 'pino';
import { type HistoryStore, openHistoryStore } from '@spindle/client/dist/device/history';
import {
    SIMULATED_MACHINE_TYPES,
    type RunningSimulator,
    signalVariables,
    simulatorConfig,
    startMachineSimulator,
} from '@spindle/client/dist/device/opcua';
import { DeviceRecorder, type SealChain } from '@spindle/client/dist/device/recorder';

import { syntheticReading } from './device-readings';
import type { DeviceBench, DeviceFigure } from './device-workload';

const WORKLOAD = 'recording';
/** The simulators' tick: as fast as a controller would publish a busy machine's values. */
const TICK_MS = 20;
const OPCUA_SECONDS = 10;
const DIRECT_READINGS = 200_000;

/** A chain that never seals: the recording figures leave sealing out (the seal workload times it). */
const NO_CHAIN: SealChain = {
    appendSeal: () => Promise.reject(new Error('no sealing in the recording bench')),
    head: () => Promise.resolve({ seq: 0, sealedThrough: 0 }),
    sealBlock: () => Promise.reject(new Error('no sealing in the recording bench')),
};
const NEVER_SEAL = { sealEveryMs: 3_600_000, sealReadings: 100_000 };
const silent = pino({ level: 'silent' });

/**
 * Readings recorded per second by one agent process: (1) from OPC UA, one simulator per machine
 * ticking every 20 ms in the same process, for 1 and 3 machines; (2) fed straight to the
 * recorder (`record`), the store's ceiling through the recorder's batching, with and without
 * fsync. Stores are real (classic-level); sealing is left out.
 */
export async function recordingRate(bench: DeviceBench): Promise<DeviceFigure[]> {
    const figures: DeviceFigure[] = [];
    for (const machines of [1, 3]) {
        figures.push(...(await fromOpcua(bench, machines)));
    }
    for (const sync of [true, false]) {
        figures.push(await fedDirectly(bench, sync));
    }
    return figures;
}

async function fromOpcua(bench: DeviceBench, count: number): Promise<DeviceFigure[]> {
    const types = SIMULATED_MACHINE_TYPES.slice(0, count);
    const simulators: RunningSimulator[] = [];
    const stores: HistoryStore[] = [];
    const recorders: DeviceRecorder[] = [];
    try {
        for (const [index, machineType] of types.entries()) {
            const machineId = `${machineType}-bench${index}`;
            const simulator = await startMachineSimulator({ machineId, machineType, intervalMs: TICK_MS, seed: index });
            simulators.push(simulator);
            const store = await openHistoryStore({
                folder: join(bench.scratch, `opcua-${count}-${machineId}`),
                machineId,
            });
            stores.push(store);
            const recorder = new DeviceRecorder({
                store,
                chain: NO_CHAIN,
                logger: silent,
                cadence: NEVER_SEAL,
                opcua: {
                    ...simulatorConfig(machineId, machineType, simulator.endpointUrl, TICK_MS),
                    pkiDir: join(bench.scratch, 'opcua-pki'),
                },
            });
            recorders.push(recorder);
            await recorder.start();
        }
        // Counted from when every source is subscribed, for OPCUA_SECONDS.
        const before = recorders.map((recorder) => recorder.recorded);
        const start = performance.now();
        await new Promise((resolve) => setTimeout(resolve, OPCUA_SECONDS * 1000));
        const seconds = (performance.now() - start) / 1000;
        const rates = recorders.map((recorder, i) => (recorder.recorded - (before[i] ?? 0)) / seconds);
        const served = types.map((type) => (signalVariables(type).length * 1000) / TICK_MS);
        bench.log(
            `recording from OPC UA, ${count} machine(s): ${rates.map((rate) => rate.toFixed(0)).join(', ')} readings/s`,
        );
        return [
            {
                workload: WORKLOAD,
                figure: `OPC UA, ${count} machine(s) per agent: readings recorded per second, all machines`,
                value: rates.reduce((a, b) => a + b, 0),
                unit: 'readings/s',
                note: `simulators tick every ${TICK_MS} ms in the bench's process (${served.reduce((a, b) => a + b, 0).toFixed(0)} values/s at most); the OPC UA side bounds this (server sampling, 100 ms publishing, unchanged values not reported), not the store: see the direct figure; fsync on`,
            },
            {
                workload: WORKLOAD,
                figure: `OPC UA, ${count} machine(s) per agent: readings recorded per second, per machine`,
                value: rates.reduce((a, b) => a + b, 0) / count,
                unit: 'readings/s',
            },
        ];
    } finally {
        await Promise.all(recorders.map((recorder) => recorder.stop()));
        await Promise.all(stores.map((store) => store.close()));
        await Promise.all(simulators.map((simulator) => simulator.stop()));
    }
}

async function fedDirectly(bench: DeviceBench, sync: boolean): Promise<DeviceFigure> {
    const machineId = 'lap-former-bench';
    const store = await openHistoryStore({ folder: join(bench.scratch, `direct-${sync}`), machineId, sync });
    const recorder = new DeviceRecorder({ store, chain: NO_CHAIN, logger: silent, cadence: NEVER_SEAL });
    try {
        const start = performance.now();
        for (let i = 0; i < DIRECT_READINGS; i += 1) {
            recorder.record(syntheticReading(i));
            if (i % 1000 === 999) {
                await yieldToLoop();
            }
        }
        await recorder.flush();
        const rate = recorder.recorded / ((performance.now() - start) / 1000);
        bench.log(`recording fed directly, fsync ${sync ? 'on' : 'off'}: ${rate.toFixed(0)} readings/s`);
        return {
            workload: WORKLOAD,
            figure: `fed to the recorder directly, fsync ${sync ? 'on' : 'off'}: readings recorded per second`,
            value: rate,
            unit: 'readings/s',
            note: `${DIRECT_READINGS} readings, appends of up to 500`,
        };
    } finally {
        await recorder.stop();
        await store.close();
    }
}
