import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { testNetwork } from '../support/local-network';
import { readyMachine } from '../support/machines';

function cliPath(): string {
    return join(testNetwork().ctx.paths.repoRoot, 'client', 'dist', 'cli', 'main.js');
}

function spindle(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [cliPath(), '--run-dir', testNetwork().ctx.paths.runDir, ...args], {
        encoding: 'utf8',
        timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('spindle query and spindle agent, as a user types them', function () {
    this.timeout(180_000);
    let agent: ChildProcess | undefined;

    before(async function () {
        // Both machines ACTIVE, their registered encryption keys in the wallet the CLI reads.
        const line = { vendor: 'Rieter', line: 'line-1' };
        for (const ready of [
            await readyMachine('carding-a1', {
                ...line,
                machineId: 'carding-a1',
                ownerMspId: 'MillAMSP',
                machineType: 'carding',
                processStep: 'carding',
                serialNumber: 'C70-1001',
            }),
            await readyMachine('lap-former-b1', {
                ...line,
                machineId: 'lap-former-b1',
                ownerMspId: 'MillBMSP',
                machineType: 'lap-former',
                processStep: 'lap-forming',
                serialNumber: 'E35-2001',
            }),
        ]) {
            ready.machine.close();
        }
        const checkpoint = join(mkdtempSync(join(tmpdir(), 'spindle-cli-agent-')), 'checkpoint.json');
        agent = spawn(
            process.execPath,
            [
                cliPath(),
                '--run-dir',
                testNetwork().ctx.paths.runDir,
                'agent',
                '--machine',
                'lap-former-b1',
                '--checkpoint',
                checkpoint,
            ],
            { stdio: 'ignore' },
        );
    });

    after(async function () {
        const child = agent;
        if (child && child.exitCode === null) {
            const exited = new Promise((resolve) => child.once('exit', resolve));
            child.kill('SIGTERM');
            await exited;
        }
    });

    it('prints the 9 steps and the decrypted answer, and exits 0', function () {
        const result = spindle('query', 'carding-a1', 'lap-former-b1', 'status and quality');
        expect(result.status, result.stderr).to.equal(0);
        for (let step = 1; step <= 9; step += 1) {
            expect(result.stderr).to.match(new RegExp(`\\[step ${step}\\] ok`));
        }
        expect(result.stdout).to.match(/answered in \d+ ms/);
        expect(result.stdout).to.contain('"machineId": "lap-former-b1"');
    });

    it('sends a typed question and gives it with the answer as JSON with --json', function () {
        const result = spindle('--json', 'query', 'carding-a1', 'lap-former-b1', 'status');
        expect(result.status, result.stderr).to.equal(0);
        const parsed = JSON.parse(result.stdout) as {
            question: unknown;
            steps: unknown[];
            answer: { machineId: string };
        };
        expect(parsed.question).to.deep.equal({ kind: 'status' });
        expect(parsed).to.have.property('verification');
        expect(parsed.answer.machineId).to.equal('lap-former-b1');
        expect(parsed.steps.length).to.be.at.least(9);
    });

    it('fails a query to an unregistered machine at step 3 with exit code 5', function () {
        const result = spindle('query', 'carding-a1', 'ghost-carding-z9', 'status');
        expect(result.status).to.equal(5);
        expect(result.stderr).to.match(/\[step 3\] failed/);
        expect(result.stderr).to.match(/RECEIVER_UNKNOWN/);
    });
});
