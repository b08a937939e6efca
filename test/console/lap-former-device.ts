import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';

import { DeviceAgent, FileCheckpointer, eciesCipher, machineAnswerer } from '@spindle/client';
import { deviceAnswerer } from '@spindle/client/dist/agent/device-answerer';
import { type HistoryStore, openHistoryStore } from '@spindle/client/dist/device/history';
import { type RunningSimulator, startMachineSimulator } from '@spindle/client/dist/device/opcua';
import { DeviceRecorder, communicationSealChain } from '@spindle/client/dist/device/recorder';

import type { ReadyMachine } from '../support/machines';
import { testConfig } from '../unit/device/opcua-fixtures';

/** A machine's device area running: its simulated controller, its recorder and its agent. */
export interface RunningDevice {
    recorded(): number;
    stop(): Promise<void>;
}

/**
 * Runs a lap former's device area as `spindle agent --opcua` does: a simulated controller read
 * over OPC UA, readings recorded and sealed into its chain, and an agent answering typed
 * questions from its history store, following events from `fromBlock` on.
 */
export async function startLapFormerDevice(
    lapFormer: ReadyMachine,
    folder: string,
    fromBlock: string,
): Promise<RunningDevice> {
    const machineId = lapFormer.machine.machineId;
    const simulator: RunningSimulator = await startMachineSimulator({
        machineId,
        machineType: 'lap-former',
        seed: 7,
        intervalMs: 250,
    });
    const store: HistoryStore = await openHistoryStore({ folder: join(folder, 'history'), machineId });
    const recorder = new DeviceRecorder({
        store,
        chain: communicationSealChain(lapFormer.machine.communication, machineId),
        logger: pino({ level: 'silent' }),
        opcua: testConfig(machineId, 'lap-former', simulator.endpointUrl),
        cadence: { sealEveryMs: 3_000, sealReadings: 10_000 },
    });
    await recorder.start();
    const checkpoint = join(folder, 'agents', `${machineId}.checkpoint.json`);
    mkdirSync(join(folder, 'agents'), { recursive: true });
    writeFileSync(checkpoint, JSON.stringify({ blockNumber: fromBlock }));
    const agent = new DeviceAgent({
        machines: [lapFormer.machine],
        checkpointer: FileCheckpointer.open(checkpoint),
        cipher: eciesCipher,
        answer: deviceAnswerer({ stores: new Map([[machineId, store]]), legacy: machineAnswerer(folder) }),
        logger: pino({ level: 'silent' }),
        chaincode: lapFormer.machine.session.options.chaincode,
    });
    const running = agent.run();
    return {
        recorded: () => recorder.recorded,
        stop: async () => {
            agent.stop();
            await running;
            await recorder.stop();
            await store.close();
            await simulator.stop();
        },
    };
}
