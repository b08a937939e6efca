import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { DeviceAgent, FileCheckpointer, eciesCipher, machineAnswerer } from '@spindle/client';
import { deviceAnswerer } from '@spindle/client/dist/agent/device-answerer';
import { openHistoryStore } from '@spindle/client/dist/device/history';
import { simulatorConfig, startMachineSimulator } from '@spindle/client/dist/device/opcua';
import { DeviceRecorder, communicationSealChain } from '@spindle/client/dist/device/recorder';

import { measureAnswerLatency } from './answer-latency';
import type { DeviceBench, DeviceFigure } from './device-workload';

const WORKLOAD = 'answer latency';
/** Questions of each kind asked, one at a time. */
const ROUNDS = Number(process.env['SPINDLE_BENCH_ANSWER_ROUNDS'] ?? 10);
/** How long the lap former records (a reading of each variable every 250 ms) and seals (every 5 s) before the first question. */
const RECORD_FIRST_MS = 30_000;

/**
 * The answer latency of a status question against the last hour's CV aggregated in one bucket,
 * through the whole 9-step flow from the requester's machine (another mill's), with the proofs
 * checked at step 9: lap-former-b1's simulator feeds an in-process recorder and agent, which
 * seal into its chain and answer from its store.
 */
export async function answerLatency(bench: DeviceBench): Promise<DeviceFigure[]> {
    const { machine, requester } = bench;
    const simulator = await startMachineSimulator({
        machineId: machine.machineId,
        machineType: 'lap-former',
        seed: 5,
        intervalMs: 250,
    });
    const store = await openHistoryStore({
        folder: join(bench.scratch, 'answer-latency'),
        machineId: machine.machineId,
    });
    const logger = pino({ level: 'silent' });
    const recorder = new DeviceRecorder({
        store,
        chain: communicationSealChain(machine.communication, machine.machineId),
        logger,
        opcua: {
            ...simulatorConfig(machine.machineId, 'lap-former', simulator.endpointUrl, 100),
            pkiDir: join(bench.scratch, 'pki'),
        },
        cadence: { sealEveryMs: 5_000 },
    });
    const agent = new DeviceAgent({
        machines: [machine],
        checkpointer: FileCheckpointer.open(join(mkdtempSync(join(bench.scratch, 'agent-')), 'checkpoint.json')),
        cipher: eciesCipher,
        answer: deviceAnswerer({
            stores: new Map([[machine.machineId, store]]),
            legacy: machineAnswerer(bench.scratch),
        }),
        logger,
        chaincode: machine.session.options.chaincode,
    });
    const running = agent.run();
    try {
        await recorder.start();
        bench.log(`recording and sealing for ${RECORD_FIRST_MS / 1000} s before the first question`);
        await new Promise((resolve) => setTimeout(resolve, RECORD_FIRST_MS));
        const results = await measureAnswerLatency(requester, machine.machineId, ROUNDS);
        return results.flatMap((result) => [
            {
                workload: WORKLOAD,
                figure: `${result.question}: p50`,
                value: result.latencyMs.p50,
                unit: 'ms',
                note: `${result.rounds} queries from carding-a1 (MillA), 9 steps, proofs checked`,
            },
            { workload: WORKLOAD, figure: `${result.question}: p95`, value: result.latencyMs.p95, unit: 'ms' },
            {
                workload: WORKLOAD,
                figure: `${result.question}: answer size`,
                value: result.answerBytes,
                unit: 'bytes',
                note: `last answer: ${result.proven} readings proven, ${result.unsealed} unsealed`,
            },
        ]);
    } finally {
        agent.stop();
        await running.catch(() => undefined);
        await recorder.stop();
        await store.close();
        await simulator.stop();
    }
}
