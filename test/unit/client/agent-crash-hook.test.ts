import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

import { EXIT_CODES } from '@spindle/client';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');

function agentWithCrashAt(step: string): { status: number | null; stderr: string } {
    const runDir = mkdtempSync(join(tmpdir(), 'spindle-run-'));
    return spawnSync(process.execPath, [CLI, '--run-dir', runDir, 'agent', '--machine', 'carding-a1'], {
        encoding: 'utf8',
        env: { ...process.env, SPINDLE_AGENT_CRASH_AT: step },
    });
}

describe("the agent's SPINDLE_AGENT_CRASH_AT test hook", function () {
    this.timeout(30_000);

    it('refuses a step that is not one of AGENT_STEPS with INVALID_ARGUMENT, before anything else', function () {
        const result = agentWithCrashAt('after-lunch');
        expect(result.status, result.stderr).to.equal(EXIT_CODES.INVALID_ARGUMENT);
        expect(result.stderr).to.contain('INVALID_ARGUMENT');
    });

    it('takes a step of AGENT_STEPS and goes on to open the machine', function () {
        // The empty run folder holds no identity: the hook passed, the identity did not.
        const result = agentWithCrashAt('reply-committed');
        expect(result.status, result.stderr).to.equal(EXIT_CODES.IDENTITY_MISSING);
    });
});
