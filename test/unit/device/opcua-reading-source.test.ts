import { expect } from 'chai';
import {
    OpcuaReadingSource,
    type RunningSimulator,
    type SimulatedMachineType,
    type SourceReading,
    startMachineSimulator,
} from '@spindle/client/dist/device/opcua';

import { capturedLogger, closeAll, testConfig, predictedTicks, tickOf, waitUntil } from './opcua-fixtures';

const INTERVAL_MS = 200;
const FAULTY = { startChance: 0.2, maxTicks: 4 };

describe('OPC UA reading source on a simulator', function () {
    this.timeout(20_000);

    const machines: { machineId: string; machineType: SimulatedMachineType; seed: number }[] = [
        { machineId: 'lap-former-b1', machineType: 'lap-former', seed: 42 },
        { machineId: 'carding-a1', machineType: 'carding', seed: 7 },
    ];
    const simulators: RunningSimulator[] = [];
    const sources: OpcuaReadingSource[] = [];

    before(async function () {
        for (const machine of machines) {
            simulators.push(await startMachineSimulator({ ...machine, intervalMs: INTERVAL_MS, faults: FAULTY }));
        }
    });

    after(async function () {
        await closeAll(...sources, ...simulators);
    });

    it('records the values each simulator serves, as its seed predicts, with the source timestamps', async function () {
        const received = machines.map(() => [] as SourceReading[]);
        for (const [index, machine] of machines.entries()) {
            const simulator = simulators[index];
            if (!simulator) throw new Error('simulator did not start');
            sources.push(
                await OpcuaReadingSource.open({
                    config: testConfig(machine.machineId, machine.machineType, simulator.endpointUrl),
                    logger: capturedLogger().logger,
                    onReading: (reading) => received[index]?.push(reading),
                }),
            );
        }
        await waitUntil(() => received.every((readings) => readings.length >= 40), 10_000, 'readings');

        for (const [index, machine] of machines.entries()) {
            const simulator = simulators[index];
            const readings = received[index] ?? [];
            if (!simulator) throw new Error('simulator did not start');
            const predicted = predictedTicks(machine.machineType, machine.seed, 200, FAULTY);
            const served = readings.map((reading) => {
                const tick = tickOf(simulator, reading);
                expect(Number.isInteger(tick), `tick of ${reading.sourceTimestamp}`).to.equal(true);
                const value = predicted[tick]?.find(({ variable }) => variable === reading.variable);
                return { ...reading, expected: value?.value, expectedUnit: value?.unit };
            });
            for (const reading of served) {
                expect(reading.machineId).to.equal(machine.machineId);
                expect(reading.value, `${reading.variable} at ${reading.sourceTimestamp}`).to.equal(reading.expected);
                expect(reading.unit).to.equal(reading.expectedUnit);
            }
            const variables = new Set(readings.map(({ variable }) => variable));
            expect(variables.size, `${machine.machineType} variables`).to.equal(predicted[0]?.length);
            expect(
                readings.some(({ variable, value }) => variable === 'fault' && value === 1),
                'a fault served',
            ).to.equal(true);
        }
    });

    it('records the nodes a controller has and logs OPCUA_NODE_REFUSED for one it lacks', async function () {
        const simulator = simulators[0];
        if (!simulator) throw new Error('simulator did not start');
        const config = testConfig('lap-former-b1', 'lap-former', simulator.endpointUrl);
        const { logger, lines } = capturedLogger();
        const readings: SourceReading[] = [];
        sources.push(
            await OpcuaReadingSource.open({
                config: {
                    ...config,
                    readings: [
                        ...config.readings,
                        { variable: 'doffs', nodeId: 'ns=1;s=lap-former-b1.doffs', unit: '' },
                    ],
                },
                logger,
                onReading: (reading) => readings.push(reading),
            }),
        );
        await waitUntil(() => readings.some(({ variable }) => variable === 'lapWeight'), 5_000, 'a lap weight');
        expect(lines.filter(({ code }) => code === 'OPCUA_NODE_REFUSED').map(({ variable }) => variable)).to.deep.equal(
            ['doffs'],
        );
        expect(lines.find(({ code }) => code === 'OPCUA_SUBSCRIBED')?.nodes).to.equal(3);
    });
});

describe('OPC UA reading source across a simulator restart', function () {
    this.timeout(20_000);

    const machine = { machineId: 'winder-c1', machineType: 'winder' as const, seed: 11 };
    let first: RunningSimulator | undefined;
    let second: RunningSimulator | undefined;
    let third: RunningSimulator | undefined;
    let source: OpcuaReadingSource | undefined;
    let abandoning: OpcuaReadingSource | undefined;

    after(async function () {
        await closeAll(source, abandoning, first, second, third);
    });

    it('reconnects by itself and logs one OPCUA_GAP line spanning the readings it missed', async function () {
        first = await startMachineSimulator({ ...machine, intervalMs: INTERVAL_MS });
        const { logger, lines } = capturedLogger();
        const readings: SourceReading[] = [];
        source = await OpcuaReadingSource.open({
            config: testConfig(machine.machineId, machine.machineType, first.endpointUrl),
            logger,
            onReading: (reading) => readings.push(reading),
            reconnect: { initialDelayMs: 200, maxDelayMs: 1000, maxRetry: 30 },
        });
        await waitUntil(() => readings.length >= 6, 5_000, 'readings before the restart');
        const port = first.port;
        await first.stop();
        const lastBefore = readings.at(-1)?.sourceTimestamp ?? '';
        await waitUntil(() => lines.some(({ code }) => code === 'OPCUA_CONNECTION_LOST'), 5_000, 'the drop');
        second = await startMachineSimulator({ ...machine, intervalMs: INTERVAL_MS, port, seed: 12 });
        await waitUntil(() => lines.some(({ code }) => code === 'OPCUA_GAP'), 15_000, 'the gap line');
        await waitUntil(
            () => readings.filter(({ sourceTimestamp }) => sourceTimestamp > lastBefore).length >= 6,
            5_000,
            'readings after',
        );

        const gaps = lines.filter(({ code }) => code === 'OPCUA_GAP');
        expect(gaps).to.have.length(1);
        expect(gaps[0]?.msg).to.match(/^OPCUA_GAP: winder-c1 has no readings from /);
        expect(gaps[0]?.from).to.equal(lastBefore);
        const after = readings.filter(({ sourceTimestamp }) => sourceTimestamp > lastBefore);
        expect(gaps[0]?.to).to.equal(after[0]?.sourceTimestamp);
        const predicted = predictedTicks(machine.machineType, 12, 200);
        const restarted = second;
        for (const reading of after) {
            const value = predicted[tickOf(restarted, reading)]?.find(({ variable }) => variable === reading.variable);
            expect(reading.value, `${reading.variable} after the restart`).to.equal(value?.value);
        }
    });

    it('gives up after the bounded tries when the server stays down, with OPCUA_RECONNECT_ABANDONED', async function () {
        third = await startMachineSimulator({ ...machine, intervalMs: INTERVAL_MS });
        const { logger, lines } = capturedLogger();
        let abandoned = 0;
        abandoning = await OpcuaReadingSource.open({
            config: testConfig(machine.machineId, machine.machineType, third.endpointUrl),
            logger,
            onReading: () => undefined,
            reconnect: { initialDelayMs: 100, maxDelayMs: 200, maxRetry: 3 },
            onAbandoned: () => (abandoned += 1),
        });
        await third.stop();
        await waitUntil(() => abandoned > 0, 10_000, 'the source to give up');
        expect(lines.filter(({ code }) => code === 'OPCUA_RECONNECT_ABANDONED')).to.have.length(1);
        expect(abandoned).to.equal(1);
    });
});
