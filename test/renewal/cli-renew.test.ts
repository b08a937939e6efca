import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';

import { testNetwork } from '../support/local-network';
import { spindle, type CliRun } from '../support/spindle-cli';

// Runs after every other real-network suite (test/integration/.mocharc.json): it moves comber-a1 to
// a new certificate in the CLI's wallet, while those suites sign as comber-a1 with the certificate
// the network tool enrolled.
const MACHINE = 'comber-a1';
const RECEIVER = 'drawing-b1';

interface ShownMachine {
    status: string;
    signingCertificate: string;
    certificateNotAfter: string;
    previousCertificates?: { certificateSha256: string; renewedBy: string }[];
}

function expectOk(run: CliRun): string {
    expect(run.status, `${run.stderr}${run.stdout}`).to.equal(0);
    return run.stdout;
}

function show(machineId: string): ShownMachine {
    return JSON.parse(expectOk(spindle('--json', 'machine', 'show', machineId))) as ShownMachine;
}

/** Registers and approves a manifest machine through the CLI, as far as it still needs. */
function ensureActive(machineId: string, type: string): void {
    if (spindle('machine', 'show', machineId).status === 3) {
        expectOk(spindle('machine', 'register', machineId, '--type', type));
    }
    const { status } = show(machineId);
    if (status === 'PENDING') {
        expectOk(spindle('machine', 'approve', machineId));
    } else if (status === 'SUSPENDED') {
        expectOk(spindle('machine', 'reactivate', machineId));
    }
}

function send(): CliRun {
    return spindle('message', 'send', MACHINE, RECEIVER, '--type', 'upload', '--data', `renewal ${Date.now()}`);
}

function walletFile(...parts: string[]): string {
    return join(testNetwork().ctx.paths.runDir, 'wallet', ...parts);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('renewing a machine certificate with the spindle CLI', function () {
    this.timeout(600_000);

    before(function () {
        ensureActive(MACHINE, 'comber');
        ensureActive(RECEIVER, 'drawing');
        expectOk(send());
    });

    it('refuses to enroll over a working identity without --force and leaves it untouched', function () {
        const before = readFileSync(walletFile(`${MACHINE}.id`), 'utf8');
        const enrolled = spindle('machine', 'enroll', MACHINE, '--mill', 'MillA');
        expect(enrolled.status, enrolled.stderr).to.equal(6);
        expect(enrolled.stderr).to.match(/^spindle: CONFLICT: /m);
        expect(readFileSync(walletFile(`${MACHINE}.id`), 'utf8')).to.equal(before);
        expectOk(send());
    });

    it('moves the machine to a new certificate signed by its old key, and it sends with it', function () {
        const before = show(MACHINE);
        const renewed = spindle('machine', 'renew', MACHINE);
        expectOk(renewed);
        const after = show(MACHINE);
        expect(after.signingCertificate).not.to.equal(before.signingCertificate);
        expect(after.previousCertificates?.at(-1)).to.deep.include({
            certificateSha256: sha256(before.signingCertificate),
            renewedBy: 'old-key',
        });
        const wallet = JSON.parse(readFileSync(walletFile(`${MACHINE}.id`), 'utf8')) as {
            credentials: { certificate: string };
        };
        expect(wallet.credentials.certificate).to.equal(after.signingCertificate);
        expect(existsSync(walletFile('staging', `${MACHINE}.id`))).to.equal(false);
        expect(after.certificateNotAfter).to.match(/^\d{4}-\d\d-\d\dT/);
        const human = expectOk(spindle('machine', 'show', MACHINE));
        expect(human).to.match(/^certificate +sha256 [0-9a-f]{16}, expires \d{4}-/m);
        expect(human).to.match(/^previous +sha256 [0-9a-f]{16}, .*signed by its old key/m);
        expectOk(send());
    });

    it("recovers an overwritten identity through its mill admin's approval", function () {
        // The failure of the issue: a forced re-enrollment replaces the working identity.
        expectOk(spindle('machine', 'enroll', MACHINE, '--mill', 'MillA', '--force'));
        const refused = send();
        expect(refused.status, refused.stderr).to.equal(4);
        expect(refused.stderr).to.match(/^spindle: NOT_AUTHORIZED: /m);
        expectOk(spindle('machine', 'renew', MACHINE, '--lost-key'));
        expect(show(MACHINE).previousCertificates?.at(-1)?.renewedBy).to.equal('mill-admin');
        expectOk(send());
    });
});
