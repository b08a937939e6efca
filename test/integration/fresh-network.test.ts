import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

import { down, up } from '@spindle/network';

import { testNetwork } from '../support/local-network';

/** The "Time per section" block of the scenario's report, for a failure message. */
function sectionTimes(report: string): string {
    return report.slice(report.indexOf('Time per section'));
}

describe('a freshly started network', function () {
    let report: { status: number | null; stdout: string; stderr: string };

    before(function () {
        const network = testNetwork();
        if (!network.startedByTests || !network.createdRunDir) {
            // Starting afresh wipes the run folder: only one these suites created may go.
            this.skip();
        }
        this.timeout(20 * 60_000);
        return (async () => {
            const { ctx } = network;
            await down(ctx, { wipe: true });
            await up(ctx);
            // `npm start` at once, the first transactions the new network sees.
            const result = spawnSync(
                process.execPath,
                [join(ctx.paths.repoRoot, 'client', 'dist', 'scenario', 'main.js')],
                {
                    encoding: 'utf8',
                    timeout: 14 * 60_000,
                    env: { ...process.env, SPINDLE_RUN_DIR: ctx.paths.runDir },
                },
            );
            report = { status: result.status, stdout: result.stdout, stderr: result.stderr };
        })();
    });

    it('runs the whole scenario without any step waiting on a retry timer', function () {
        expect(report.status, report.stderr).to.equal(0);
        // Endorsements the gateway could not plan yet and transactions sent again both wait on one.
        expect(report.stdout, sectionTimes(report.stdout)).to.match(/^ +\d+\.\d s {2}total, no retry waits$/m);
        expect(report.stdout, sectionTimes(report.stdout)).not.to.match(/retry wait\(s\)/);
    });

    it("prints each of the scenario's nine sections with its time", function () {
        for (let section = 1; section <= 9; section += 1) {
            expect(report.stdout).to.match(new RegExp(`^ +\\d+\\.\\d s {2}${section}\\. `, 'm'));
        }
    });
});
