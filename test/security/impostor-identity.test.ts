import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { FileSystemWallet, SpindleError, SpindleGateway, readProfiles } from '@spindle/client';

import { testNetwork } from '../support/local-network';
import { CertificateAuthority } from '../support/x509/certificate-authority';

/** A machine certificate for `carding-a1` under MillAMSP, issued by a CA no mill trusts. */
function impostorIdentity() {
    return new CertificateAuthority('MillA').issue({
        commonName: 'carding-a1',
        organizationalUnit: 'client',
        attributes: { 'spindle.role': 'machine', 'spindle.machine': 'carding-a1' },
    });
}

function codeOf(error: unknown): string | undefined {
    return error instanceof SpindleError ? error.code : undefined;
}

describe('a certificate from a CA no mill trusts', function () {
    this.timeout(120_000);

    it('is refused by the peer as IDENTITY_REFUSED, on a read and on a submit, not as an outage', async function () {
        const runDir = testNetwork().ctx.paths.runDir;
        const profiles = readProfiles(runDir);
        const [profile] = profiles;
        if (!profile) {
            throw new Error('no gateway profile');
        }
        const impostor = impostorIdentity();
        const session = SpindleGateway.open({
            peerEndpoint: profile.peerEndpoint,
            tlsRootCertificate: profile.tlsRootCertificate,
            tlsServerName: profile.tlsServerName,
            channel: profile.channel,
            chaincode: profile.chaincode,
            mspId: profile.mspId,
            certificatePem: impostor.certificatePem,
            privateKeyPem: impostor.privateKeyPem,
            mspIds: profiles.map((candidate) => candidate.mspId),
        });
        try {
            const read = await session.evaluate('MachineRegistry:getMachine', ['carding-a1']).catch((e: unknown) => e);
            expect(codeOf(read), String(read)).to.equal('IDENTITY_REFUSED');
            const write = await session.submit('Probe:ping').catch((e: unknown) => e);
            expect(codeOf(write), String(write)).to.equal('IDENTITY_REFUSED');
        } finally {
            session.close();
        }
    });

    it('makes the CLI exit 27 with IDENTITY_REFUSED', async function () {
        const { runDir, repoRoot } = testNetwork().ctx.paths;
        // A run folder of its own: the network's gateway profiles and a wallet holding only the impostor.
        const impostorRun = mkdtempSync(join(tmpdir(), 'spindle-impostor-'));
        cpSync(join(runDir, 'gateway'), join(impostorRun, 'gateway'), { recursive: true });
        const impostor = impostorIdentity();
        const wallet = await FileSystemWallet.open(join(impostorRun, 'wallet'));
        await wallet.put('carding-a1', {
            credentials: { certificate: impostor.certificatePem, privateKey: impostor.privateKeyPem },
            mspId: 'MillAMSP',
            type: 'X.509',
        });
        const result = spawnSync(
            process.execPath,
            [
                join(repoRoot, 'client', 'dist', 'cli', 'main.js'),
                '--run-dir',
                impostorRun,
                '--as',
                'carding-a1',
                'machine',
                'show',
                'carding-a1',
            ],
            { encoding: 'utf8', timeout: 60_000 },
        );
        expect(result.stderr).to.match(/IDENTITY_REFUSED/);
        expect(result.status, result.stderr).to.equal(27);
    });
});
