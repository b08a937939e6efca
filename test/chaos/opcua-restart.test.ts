import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

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

describe("chaos: a machine's OPC UA server stopped and restarted under a recording agent", function () {
    this.timeout(240_000);

    const scratch = mkdtempSync(join(tmpdir(), 'spindle-opcua-restart-'));
    const machineId = LAP_FORMER_B1.machineId;
    const simulators: RunningSimulator[] = [];
    let lapFormer: ReadyMachine | undefined;
    let agent: DeviceAgentProcess | undefined;

    before(async function () {
        lapFormer = await readyMachine(machineId, LAP_FORMER_B1);
    });
    after(async function () {
        await agent?.stop('SIGKILL');
        await Promise.all(simulators.map((simulator) => simulator.stop().catch(() => undefined)));
        lapFormer?.machine.close();
        rmSync(scratch, { recursive: true, force: true });
    });

    it('logs the drop and the gap, records again after the restart, no reading twice, seals contiguous', async function () {
        if (!lapFormer) throw new Error('the case did not set up');
        const { machine } = lapFormer;
        const first = await startMachineSimulator({ machineId, machineType: 'lap-former', seed: 3, intervalMs: 100 });
        simulators.push(first);
        const log = join(scratch, 'agent.log');
        const recording = await recordingAgent(scratch, machine, first, [
            '--seal-readings',
            '30',
            '--seal-every',
            '2s',
        ]);
        const { historyDir, chainBefore, sealedBefore } = recording;
        agent = recording.agent;
        agent.start(log);
        await waitUntil('a first seal', async () => (await sealsOnChain(machine, chainBefore + 1)).length > 0, 60_000);

        await first.stop();
        const stoppedAt = new Date();
        await waitUntil('the drop in the log', () =>
            logLines(log).some(({ code }) => code === 'OPCUA_CONNECTION_LOST'),
        );
        const second = await startMachineSimulator({
            machineId,
            machineType: 'lap-former',
            seed: 4,
            intervalMs: 100,
            port: first.port,
        });
        simulators.push(second);
        await waitUntil('the gap in the log', () => logLines(log).some(({ code }) => code === 'OPCUA_GAP'), 60_000);
        await waitUntil(
            'a seal of readings served after the restart',
            async () =>
                (await sealsOnChain(machine, chainBefore + 1)).some(
                    ({ seal }) => Date.parse(seal.toTimestamp) >= second.startedAt.getTime(),
                ),
            60_000,
        );
        await agent.stop('SIGTERM');

        const lines = logLines(log);
        const gaps = lines.filter(({ code }) => code === 'OPCUA_GAP');
        expect(gaps, 'gap lines').to.have.length(1);
        const gap = gaps[0] as { from: string; to: string; msg: string };
        expect(gap.msg).to.match(/^OPCUA_GAP: lap-former-b1 has no readings from /);
        expect(Date.parse(gap.from), 'the gap starts before the stop').to.be.at.most(stoppedAt.getTime());
        expect(Date.parse(gap.to), 'the gap ends at the restarted server').to.be.at.least(second.startedAt.getTime());

        const { readings, seals } = await readStore(join(historyDir, machineId), machineId);
        expectSeqsFrom(readings, sealedBefore + 1);
        const keys = readings.map(({ variable, sourceTimestamp }) => `${variable}@${sourceTimestamp}`);
        expect(new Set(keys).size, 'readings recorded twice').to.equal(keys.length);
        const afterRestart = readings.filter(({ sourceTimestamp }) => sourceTimestamp >= gap.to);
        expect(afterRestart.length, 'readings after the restart').to.be.greaterThan(0);
        expect(
            readings.filter(({ sourceTimestamp }) => sourceTimestamp > gap.from && sourceTimestamp < gap.to),
            'readings inside the gap',
        ).to.deep.equal([]);
        const chainSeals = await sealsOnChain(machine, chainBefore + 1);
        expectSealsOnChainOnce(seals, chainSeals, sealedBefore + 1);
        expect(seals.some(({ entry }) => Date.parse(entry.toTimestamp) >= second.startedAt.getTime())).to.equal(true);

        chaosTable.record({
            tried: "stop lap-former-b1's OPC UA server under its recording agent, restart it on the same port",
            count: readings.length,
            held: `OPCUA_CONNECTION_LOST and one OPCUA_GAP (${((Date.parse(gap.to) - Date.parse(gap.from)) / 1000).toFixed(1)} s), ${afterRestart.length} readings after the restart, no reading twice, seals contiguous and anchored once`,
            lost: 0,
            passed: true,
        });
    });
});
