import { spawn } from 'node:child_process';
import { appendFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

import { nodeNames, projectNode } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { spindle } from '../support/spindle-cli';

describe('spindle network, the network tool inside the CLI', function () {
    this.timeout(180_000);

    it('lists the logs of every process and prints the end of one', function () {
        const list = spindle('network', 'logs');
        expect(list.status, list.stderr).to.equal(0);
        for (const name of ['milla-peer', 'millb-orderer', 'millc-ca', 'milla-chaincode']) {
            expect(list.stdout).to.contain(join(testNetwork().ctx.paths.logsDir, `${name}.log`));
        }
        const tail = spindle('network', 'logs', 'millb-peer', '-n', '4');
        expect(tail.status, tail.stderr).to.equal(0);
        expect(tail.stdout.trimEnd().split('\n')).to.have.length(4);
    });

    it('keeps the network tool exit code 2 for a log that does not exist', function () {
        const result = spindle('network', 'logs', 'no-such-process');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/CONFIG_INVALID: no log named no-such-process/);
    });

    it('follows a log: prints what is appended after it started', async function () {
        const { ctx } = testNetwork();
        const log = join(ctx.paths.logsDir, 'follow-check.log');
        writeFileSync(log, 'before\n');
        const child = spawn(
            process.execPath,
            [join(ctx.paths.repoRoot, 'client', 'dist', 'cli', 'main.js'), '--run-dir', ctx.paths.runDir].concat([
                'network',
                'logs',
                'follow-check',
                '--follow',
                '-n',
                '1',
            ]),
            // Its own process group, which the test stops as Ctrl-C stops one at a terminal.
            { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
        );
        try {
            let output = '';
            child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
            await until(() => output.includes('before'));
            appendFileSync(log, 'appended while following\n');
            await until(() => output.includes('appended while following'));
            expect(output.indexOf('before')).to.be.lessThan(output.indexOf('appended while following'));
        } finally {
            if (child.pid !== undefined) {
                process.kill(-child.pid, 'SIGINT');
            }
            rmSync(log, { force: true });
        }
    });

    it('upgrades: commits nothing new when the code and the manifest did not change', function () {
        const result = spindle('network', 'upgrade');
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/^(Nothing to commit: sequence \d+|Committed sequence \d+)/m);
    });

    it('refuses an upgrade approved by one mill of three with the network tool exit code 2', function () {
        const result = spindle('network', 'upgrade', '--approve-with', 'MillA');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/^network: CONFIG_INVALID: /m);
    });

    it("runs every mill's chaincode server on the project's Node", function () {
        const { ctx } = testNetwork();
        for (const mill of ctx.config.mills) {
            const server = ctx.processes.running(nodeNames.chaincode(mill));
            expect(server, mill.name).not.to.equal(undefined);
            expect(readlinkSync(`/proc/${String(server?.pid)}/exe`)).to.equal(projectNode(ctx.paths.repoRoot));
        }
    });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > deadline) {
            throw new Error('TIMEOUT: the condition did not hold in time');
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
}
