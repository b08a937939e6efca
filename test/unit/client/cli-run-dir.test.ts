import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');

describe('the spindle CLI and SPINDLE_RUN_DIR', function () {
    this.timeout(30_000);

    it('reads identities from the run folder SPINDLE_RUN_DIR names, as --run-dir does', function () {
        const runDir = mkdtempSync(join(tmpdir(), 'spindle-run-'));
        const result = spawnSync(process.execPath, [CLI, 'machine', 'show', 'carding-a1'], {
            encoding: 'utf8',
            env: { ...process.env, SPINDLE_RUN_DIR: runDir },
        });
        // An empty run folder holds no identity: IDENTITY_MISSING (17), named in that folder, no stack.
        expect(result.status, result.stderr).to.equal(17);
        expect(result.stderr).to.contain(runDir);
        expect(result.stderr).not.to.match(/\n\s+at /);
    });
});
