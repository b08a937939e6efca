import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { MACHINE_TYPES, MACHINE_TYPE_VOCABULARY } from '@spindle/chaincode/protocol';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');

function spindle(...args: string[]) {
    return spawnSync(process.execPath, [CLI, ...args], {
        encoding: 'utf8',
        env: { ...process.env, SPINDLE_RUN_DIR: mkdtempSync(join(tmpdir(), 'spindle-run-')) },
    });
}

describe('the spindle CLI and the machine type vocabulary', function () {
    this.timeout(30_000);

    it('lists every machine type with its process step and aliases in machine register --help', function () {
        const result = spindle('machine', 'register', '--help');
        expect(result.status, result.stderr).to.equal(0);
        for (const type of MACHINE_TYPES) {
            const line = result.stdout.split('\n').find((text) => text.trim().startsWith(`${type} `));
            expect(line, type).to.be.a('string');
            expect(line).to.contain(MACHINE_TYPE_VOCABULARY[type].processStep);
            for (const alias of MACHINE_TYPE_VOCABULARY[type].aliases) {
                expect(line).to.contain(alias);
            }
        }
    });

    it('refuses a type outside the vocabulary with MACHINE_TYPE_UNKNOWN (29), naming the accepted types, no stack', function () {
        const result = spindle('machine', 'register', 'loom-a1', '--type', 'loom');
        expect(result.status, result.stderr).to.equal(29);
        expect(result.stderr).to.contain('MACHINE_TYPE_UNKNOWN');
        for (const type of MACHINE_TYPES) {
            expect(result.stderr).to.contain(type);
        }
        expect(result.stderr).not.to.match(/\n\s+at /);
    });

    it('accepts roving for roving-frame, going on to look for the machine identity', function () {
        const result = spindle('machine', 'register', 'roving-a1', '--type', 'roving');
        // The empty run folder has no identity for it: the type was accepted, the next step fails.
        expect(result.status, result.stderr).to.equal(17);
        expect(result.stderr).to.contain('IDENTITY_MISSING');
    });
});
