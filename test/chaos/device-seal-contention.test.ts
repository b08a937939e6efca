import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageEntriesOf } from '@spindle/chaincode/protocol';
import { expect } from 'chai';

import { type RunningSimulator, startMachineSimulator } from '@spindle/client/dist/device/opcua';

import { chaosTable } from './support/chaos-table';
import { CARDING_A2, DeviceAgentProcess, answeredCount, sendQueries } from './support/device-agent-process';
import {
    LAP_FORMER_B1,
    chainLength,
    expectSealsOnChainOnce,
    logLines,
    readStore,
    recordingAgent,
    sealsOnChain,
} from './support/recorder-case';
import { waitUntil } from './support/wait-until';
import { type ReadyMachine, readyMachine } from '../support/machines';

const QUERIES = 8;

describe("chaos: seals and moved messages contending for one machine's chain", function () {
    this.timeout(420_000);

    const scratch = mkdtempSync(join(tmpdir(), 'spindle-seal-contention-'));
    const machineId = LAP_FORMER_B1.machineId;
    let lapFormer: ReadyMachine | undefined;
    let requester: ReadyMachine | undefined;
    let simulator: RunningSimulator | undefined;
    let agent: DeviceAgentProcess | undefined;

    before(async function () {
        lapFormer = await readyMachine(machineId, LAP_FORMER_B1);
        requester = await readyMachine(CARDING_A2.machineId, CARDING_A2);
        simulator = await startMachineSimulator({ machineId, machineType: 'lap-former', seed: 23, intervalMs: 200 });
    });
    after(async function () {
        await agent?.stop('SIGKILL');
        await simulator?.stop();
        lapFormer?.machine.close();
        requester?.machine.close();
        rmSync(scratch, { recursive: true, force: true });
    });

    it('anchors every seal once while the agent moves answered queries into the same chain', async function () {
        if (!lapFormer || !requester || !simulator) throw new Error('the case did not set up');
        const { machine } = lapFormer;
        const log = join(scratch, 'agent.log');
        const recording = await recordingAgent(scratch, machine, simulator, ['--seal-readings', '20']);
        const { historyDir, chainBefore, sealedBefore } = recording;
        agent = recording.agent;
        agent.start(log);
        const queryIds = await sendQueries(requester, machineId, QUERIES);
        await waitUntil('every answer', async () => (await answeredCount(requester!, queryIds)) === QUERIES, 240_000);
        await waitUntil('the answered queries moved into the chain', async () => {
            const head = await chainLength(machine);
            let moved = 0;
            for (let seq = chainBefore + 1; seq <= head; seq += 1) {
                moved += messageEntriesOf((await machine.communication.block(machineId, seq)).entries).filter((entry) =>
                    queryIds.includes(entry.messageId),
                ).length;
            }
            return moved === QUERIES;
        });
        await agent.stop('SIGTERM');

        const { seals } = await readStore(join(historyDir, machineId), machineId);
        const chainSeals = await sealsOnChain(machine, chainBefore + 1);
        expect(seals.length, 'seals made meanwhile').to.be.at.least(2);
        expectSealsOnChainOnce(seals, chainSeals, sealedBefore + 1);
        expect(chainSeals, 'seals on the chain that the store does not know').to.have.length(
            seals.filter(({ anchor }) => anchor).length,
        );
        const verified = await machine.communication.verifyWholeChain(machineId);
        expect(verified.ok, "the lap former's chain verifies").to.equal(true);
        const retried = logLines(log)
            .filter(({ msg }) => msg.startsWith('seal append failed'))
            .map(({ code }) => code ?? '?');

        chaosTable.record({
            tried: `${QUERIES} queries to lap-former-b1 answered and moved into its chain while its agent seals every 10 readings`,
            count: seals.length,
            held: `every seal on the chain once (${retried.length} append(s) tried again${retried.length > 0 ? `: ${retried.join(', ')}` : ''}), contiguous, every query moved once, chain verifies`,
            lost: 0,
            passed: true,
        });
    });
});
