import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

import { EXIT_CODES } from '@spindle/client';
import { parseAgentDevice } from '@spindle/client/dist/cli/agent-device-options';
import { simulatorConfig } from '@spindle/client/dist/device/opcua';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');
const scratch = mkdtempSync(join(tmpdir(), 'spindle-agent-device-'));

/** An OPC UA configuration file of `machineId`, as `spindle agent --opcua` reads it. */
function configFile(machineId: string): string {
    const file = join(scratch, `${machineId}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(simulatorConfig(machineId, 'lap-former', 'opc.tcp://127.0.0.1:4840')));
    return file;
}

function codeOf(action: () => unknown): string | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        return (error as { code?: string }).code ?? 'NO_CODE';
    }
}

describe("the agent's device options", function () {
    this.timeout(30_000);

    after(function () {
        rmSync(scratch, { recursive: true, force: true });
    });

    it('exits INVALID_ARGUMENT before anything starts when an --opcua file configures a machine the agent does not speak for', function () {
        const runDir = mkdtempSync(join(scratch, 'run-'));
        const result = spawnSync(
            process.execPath,
            [CLI, '--run-dir', runDir, 'agent', '--machine', 'carding-a1', '--opcua', configFile('lap-former-b1')],
            { encoding: 'utf8' },
        );
        expect(result.status, result.stderr).to.equal(EXIT_CODES.INVALID_ARGUMENT);
        expect(result.stderr).to.match(/INVALID_ARGUMENT: --opcua .* configures lap-former-b1/);
        expect(existsSync(join(runDir, 'device-history')), 'a history store opened').to.equal(false);
    });

    it('keeps each machine its own store folder under <run-dir>/device-history, or under --history-dir', function () {
        const device = parseAgentDevice({ machine: ['carding-a1'] }, '/run');
        expect(device.historyFolderOf('carding-a1')).to.equal('/run/device-history/carding-a1');
        const elsewhere = parseAgentDevice({ machine: ['carding-a1'], historyDir: '/data/h' }, '/run');
        expect(elsewhere.historyFolderOf('carding-a1')).to.equal('/data/h/carding-a1');
        expect(device.opcua.size).to.equal(0);
    });

    it('maps each --opcua file to its machine and refuses two files of one machine', function () {
        const both = parseAgentDevice(
            { machine: ['carding-a1', 'lap-former-b1'], opcua: [configFile('lap-former-b1')] },
            '/run',
        );
        expect([...both.opcua.keys()]).to.deep.equal(['lap-former-b1']);
        expect(
            codeOf(() =>
                parseAgentDevice(
                    { machine: ['lap-former-b1'], opcua: [configFile('lap-former-b1'), configFile('lap-former-b1')] },
                    '/run',
                ),
            ),
        ).to.equal('INVALID_ARGUMENT');
    });

    it('refuses an --opcua file that does not load with OPCUA_CONFIG_INVALID', function () {
        const broken = join(scratch, 'broken.json');
        writeFileSync(broken, '{"machineId": "carding-a1"}');
        expect(codeOf(() => parseAgentDevice({ machine: ['carding-a1'], opcua: [broken] }, '/run'))).to.equal(
            'OPCUA_CONFIG_INVALID',
        );
    });

    it('reads the seal cadence, and refuses a bad duration or count with INVALID_ARGUMENT', function () {
        const device = parseAgentDevice({ machine: ['carding-a1'], sealEvery: '30s', sealReadings: '250' }, '/run');
        expect(device.cadence).to.deep.equal({ sealEveryMs: 30_000, sealReadings: 250 });
        expect(parseAgentDevice({ machine: ['carding-a1'] }, '/run').cadence).to.deep.equal({});
        for (const bad of [{ sealEvery: '30' }, { sealEvery: '0s' }, { sealReadings: '0' }, { sealReadings: '1e3' }]) {
            expect(
                codeOf(() => parseAgentDevice({ machine: ['carding-a1'], ...bad }, '/run')),
                JSON.stringify(bad),
            ).to.equal('INVALID_ARGUMENT');
        }
        expect(codeOf(() => parseAgentDevice({ machine: ['carding-a1'], sealReadings: '100001' }, '/run'))).to.equal(
            'INVALID_ARGUMENT',
        );
    });
});
