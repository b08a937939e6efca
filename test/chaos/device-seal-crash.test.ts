import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import type { AgentStep } from '@spindle/client';
import { sealBatch } from '@spindle/client/dist/device/history';
import { type RunningSimulator, startMachineSimulator } from '@spindle/client/dist/device/opcua';

import { chaosTable } from './support/chaos-table';
import { DeviceAgentProcess } from './support/device-agent-process';
import {
    LAP_FORMER_B1,
    expectSealsOnChainOnce,
    expectSeqsFrom,
    logLines,
    readStore,
    recordingAgent,
    sealsOnChain,
} from './support/recorder-case';
import { waitUntil } from './support/wait-until';
import { type ReadyMachine, readyMachine } from '../support/machines';

/** The steps between recording a seal and recording its block; a kill after each leaves it unanchored. */
const STEPS: readonly AgentStep[] = ['seal-recorded', 'seal-appended'];
const SEAL_READINGS = 40;

describe('chaos: a recording agent killed with SIGKILL mid-seal', function () {
    this.timeout(240_000);

    const scratch = mkdtempSync(join(tmpdir(), 'spindle-seal-crash-'));
    const machineId = LAP_FORMER_B1.machineId;
    let lapFormer: ReadyMachine | undefined;
    let simulator: RunningSimulator | undefined;
    let agent: DeviceAgentProcess | undefined;

    before(async function () {
        lapFormer = await readyMachine(machineId, LAP_FORMER_B1);
        simulator = await startMachineSimulator({ machineId, machineType: 'lap-former', seed: 17, intervalMs: 100 });
    });
    afterEach(async function () {
        await agent?.stop('SIGTERM');
    });
    after(async function () {
        await agent?.stop('SIGKILL');
        await simulator?.stop();
        lapFormer?.machine.close();
        rmSync(scratch, { recursive: true, force: true });
    });

    for (const step of STEPS) {
        it(`keeps every reading and anchors the seal cut off at ${step} exactly once after a restart, then seals on`, async function () {
            if (!lapFormer || !simulator) throw new Error('the case did not set up');
            const { machine } = lapFormer;
            const folder = join(scratch, step);
            mkdirSync(folder);
            const [firstLog, secondLog] = [join(folder, 'agent-1.log'), join(folder, 'agent-2.log')];
            const recording = await recordingAgent(folder, machine, simulator, [
                '--seal-readings',
                String(SEAL_READINGS),
            ]);
            const { historyDir, chainBefore, sealedBefore } = recording;
            const storeFolder = join(historyDir, machineId);
            agent = recording.agent;

            agent.start(firstLog, step);
            await waitUntil(`the kill at ${step}`, () => !agent?.running, 90_000);
            expect(readFileSync(firstLog, 'utf8'), 'the first run died at its crash point').to.include(
                `"msg":"crash injected","step":"${step}"`,
            );
            const killed = await readStore(storeFolder, machineId);
            const [pending, ...others] = killed.seals;
            if (!pending) throw new Error('no seal recorded before the kill');
            expect(others, 'seals besides the one cut off').to.deep.equal([]);
            expect(pending.anchor, 'the seal cut off is anchored').to.equal(undefined);
            expectSeqsFrom(killed.readings, sealedBefore + 1);
            expect(pending.entry.firstSeq, 'the new store goes on from the chain').to.equal(sealedBefore + 1);
            expect(pending.entry.count).to.be.at.least(SEAL_READINGS);
            expect(
                sealBatch(killed.readings.slice(0, pending.entry.count)),
                'the sealed readings, as kept',
            ).to.deep.equal(pending.entry);
            const onChainAtKill = (await sealsOnChain(machine, chainBefore + 1)).filter(
                ({ seal }) => seal.root === pending.entry.root,
            );
            expect(onChainAtKill, 'copies on the chain at the kill').to.have.length(step === 'seal-appended' ? 1 : 0);

            agent.start(secondLog);
            await waitUntil(
                'a seal after the one cut off',
                async () =>
                    (await sealsOnChain(machine, chainBefore + 1)).some(
                        ({ seal }) => seal.firstSeq > pending.entry.lastSeq,
                    ),
                90_000,
            );
            await agent.stop('SIGTERM');

            const after = await readStore(storeFolder, machineId);
            expect(after.readings.slice(0, killed.readings.length), 'readings kept across the kill').to.deep.equal(
                killed.readings,
            );
            expectSeqsFrom(after.readings, sealedBefore + 1);
            const chainSeals = await sealsOnChain(machine, chainBefore + 1);
            const copies = chainSeals.filter(({ seal }) => seal.firstSeq === pending.entry.firstSeq);
            expect(
                copies.map(({ seal }) => seal),
                'seals of the cut-off readings on the chain',
            ).to.deep.equal([pending.entry]);
            expect(after.seals.length).to.be.at.least(2);
            expectSealsOnChainOnce(after.seals, chainSeals, sealedBefore + 1);
            expect(after.seals[0]?.anchor?.blockSeq, 'the cut-off seal anchored').to.equal(copies[0]?.blockSeq);
            expect(
                logLines(secondLog).find(
                    ({ code, firstSeq }) => code === 'SEAL_ANCHORED' && firstSeq === pending.entry.firstSeq,
                ),
                'how the restart anchored it',
            ).to.include({ found: step === 'seal-appended' });
            const verified = await machine.communication.verifyWholeChain(machineId);
            expect(verified.ok, "the lap former's chain verifies").to.equal(true);

            chaosTable.record({
                tried: `SIGKILL lap-former-b1's recording agent right after ${step}, restart it`,
                count: killed.readings.length,
                held: 'every reading kept, the seal anchored once (found on the chain when appended), sealing goes on, chain verifies',
                lost: killed.readings.length - Math.min(after.readings.length, killed.readings.length),
                passed: true,
            });
        });
    }
});
