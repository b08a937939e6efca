import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

import { testNetwork } from '../support/local-network';

function network(...args: string[]): { status: number | null; stdout: string; stderr: string } {
    const { ctx } = testNetwork();
    const result = spawnSync(process.execPath, [join(ctx.paths.repoRoot, 'network', 'dist', 'cli.js'), ...args], {
        encoding: 'utf8',
        timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the network tool as a user runs it', function () {
    it('reports a healthy network as JSON and exits 0', function () {
        const result = network('status', '--json');
        expect(result.status).to.equal(0);
        const report = JSON.parse(result.stdout) as { healthy: boolean; components: unknown[] };
        expect(report.healthy).to.equal(true);
        expect(report.components).to.have.length(12);
    });

    it('runs up again on a running network without changing it', function () {
        const result = network('up');
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout).to.match(/Network up/);
    });

    it('refuses an upgrade approved by one mill of three with exit code 2', function () {
        const result = network('upgrade', '--approve-with', 'MillA');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/^network: CONFIG_INVALID: /m);
    });

    it('names an unknown mill in an upgrade with exit code 2', function () {
        const result = network('upgrade', '--approve-with', 'MillA,MillZ');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/unknown mill MillZ/);
    });

    it('lists one log per process and prints the end of one', function () {
        const list = network('logs');
        expect(list.status).to.equal(0);
        for (const name of ['milla-peer', 'millb-orderer', 'millc-ca', 'milla-chaincode']) {
            expect(list.stdout).to.contain(`${name}.log`);
        }
        const tail = network('logs', 'milla-peer', '--lines', '5');
        expect(tail.status).to.equal(0);
        expect(tail.stdout.trim().split('\n')).to.have.length.at.most(5);
    });

    it('says which log does not exist with exit code 2', function () {
        const result = network('logs', 'no-such-process');
        expect(result.status).to.equal(2);
        expect(result.stderr).to.match(/CONFIG_INVALID: no log named no-such-process/);
    });
});
