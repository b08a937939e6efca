import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';
import { failureLines } from '@spindle/network';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');

/** A run folder whose MillA profile names identity files that are not there (a wiped network). */
function runFolderWithoutFiles(): string {
    const runDir = mkdtempSync(join(tmpdir(), 'spindle-failures-'));
    const gone = (name: string) => join(runDir, 'wiped', name);
    mkdirSync(join(runDir, 'gateway'));
    writeFileSync(
        join(runDir, 'gateway', 'milla.json'),
        JSON.stringify({
            mill: 'MillA',
            mspId: 'MillAMSP',
            peerEndpoint: '127.0.0.1:1',
            tlsRootCertificate: gone('tls-ca.pem'),
            caUrl: 'https://127.0.0.1:2',
            caName: 'ca-milla',
            caCertificate: gone('ca.pem'),
            channel: 'spindle',
            chaincode: 'spindle',
            identities: {
                admin: { certificate: gone('admin.pem'), privateKey: gone('admin.key') },
                operator: { certificate: gone('operator.pem'), privateKey: gone('operator.key') },
                machines: {},
            },
        }),
    );
    return runDir;
}

function spindle(...args: string[]) {
    return spawnSync(process.execPath, [CLI, ...args], {
        encoding: 'utf8',
        env: { ...process.env, SPINDLE_DEBUG: '' },
    });
}

describe('how the spindle CLI reports a failure', function () {
    this.timeout(30_000);

    it('says a wiped identity file is IDENTITY_MISSING in one line with what to do, no stack', function () {
        const result = spindle('--run-dir', runFolderWithoutFiles(), '--as', 'milla-admin', 'machine', 'list');
        expect(result.status, result.stderr).to.equal(17);
        const lines = result.stderr.trimEnd().split('\n');
        expect(lines, result.stderr).to.have.length(1);
        expect(lines[0]).to.match(/^spindle: IDENTITY_MISSING: cannot read the certificate of milla-admin/);
        expect(lines[0]).to.contain('npm run network -- up');
    });

    it('keeps the stack for --debug', function () {
        const result = spindle(
            '--run-dir',
            runFolderWithoutFiles(),
            '--as',
            'milla-admin',
            'machine',
            'list',
            '--debug',
        );
        expect(result.status, result.stderr).to.equal(17);
        expect(result.stderr.split('\n')[0]).to.match(/^spindle: IDENTITY_MISSING: /);
        expect(result.stderr).to.match(/\n\s+at /);
        expect(result.stderr).to.contain('caused by: Error: ENOENT');
    });

    it('says an unreadable --file is INVALID_ARGUMENT in one line', function () {
        const result = spindle('message', 'send', '--file', '/nonexistent/spindle-input', 'carding-a1', 'drawing-b1');
        expect(result.status, result.stderr).to.equal(2);
        expect(result.stderr).to.equal(
            'spindle: INVALID_ARGUMENT: cannot read the content (/nonexistent/spindle-input: ENOENT); give a readable --file\n',
        );
    });

    it('says a damaged gateway profile is CONFIG_INVALID in one line', function () {
        const runDir = runFolderWithoutFiles();
        writeFileSync(join(runDir, 'gateway', 'milla.json'), '{ "mill": ');
        const result = spindle('--run-dir', runDir, 'machine', 'list');
        expect(result.status, result.stderr).to.equal(25);
        expect(result.stderr).to.match(
            /^spindle: CONFIG_INVALID: cannot read the gateway profile .*milla\.json .*npm run network -- up\n$/,
        );
    });
});

describe('failureLines', function () {
    it('gives an error without a code one UNEXPECTED line that points at --debug', function () {
        const lines = failureLines(new TypeError('cannot read properties of undefined\n(reading "x")'), false);
        expect(lines).to.deep.equal([
            'UNEXPECTED: cannot read properties of undefined (reading "x") (run again with --debug for the stack, and report it)',
        ]);
    });

    it('keeps a coded message as it is, and adds the stacks of the error and its cause when debugging', function () {
        const cause = new Error('ECONNREFUSED');
        const lines = failureLines(new Error('UNAVAILABLE: the peer is down', { cause }), true);
        expect(lines[0]).to.equal('UNAVAILABLE: the peer is down');
        expect(lines[1]).to.match(/^Error: UNAVAILABLE: the peer is down\n\s+at /);
        expect(lines[2]).to.match(/^caused by: Error: ECONNREFUSED/);
    });
});
