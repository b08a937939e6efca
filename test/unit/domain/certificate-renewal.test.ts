import { createPrivateKey, sign } from 'node:crypto';
import { expect } from 'chai';
import { approveCertificateRenewal, renewCertificate, type Caller } from '@spindle/chaincode/domain';
import {
    LIMITS,
    certificateRenewalStatement,
    publicKeyFromCertificate,
    sha256Hex,
    type MachineRecord,
} from '@spindle/chaincode/protocol';
import { CertificateAuthority, type IssuedIdentity } from '../../support/x509/certificate-authority';
import { codeOf } from '../support/code-of';
import { staffCaller } from './fixtures';

const AT = '2026-06-01T08:00:00.000Z';
const millA = new CertificateAuthority('MillA');

function enroll(notAfter?: Date): IssuedIdentity {
    return millA.issue({
        commonName: 'carding-a1',
        organizationalUnit: 'client',
        attributes: { 'spindle.role': 'machine', 'spindle.machine': 'carding-a1' },
        notAfter,
    });
}

function recordOf(identity: IssuedIdentity): MachineRecord {
    const signingPublicKey = publicKeyFromCertificate(identity.certificatePem);
    return {
        machineId: 'carding-a1',
        ownerMspId: 'MillAMSP',
        machineType: 'carding',
        line: 'line-a1',
        processStep: 'carding',
        vendor: 'Rieter',
        serialNumber: 'SN-1',
        encryptionPublicKey: signingPublicKey,
        status: 'ACTIVE',
        signingCertificate: identity.certificatePem,
        signingPublicKey,
        registeredAt: '2025-03-01T08:00:00.000Z',
        updatedAt: '2025-03-01T08:00:00.000Z',
        lastAction: 'register',
    };
}

function callerOf(identity: IssuedIdentity): Caller {
    return {
        mspId: 'MillAMSP',
        role: 'machine',
        machineId: 'carding-a1',
        certificate: identity.certificatePem,
        publicKey: publicKeyFromCertificate(identity.certificatePem),
    };
}

function signedRenewal(machine: MachineRecord, next: IssuedIdentity, signer: IssuedIdentity) {
    const replaces = sha256Hex(machine.signingCertificate);
    const statement = certificateRenewalStatement(
        machine.machineId,
        publicKeyFromCertificate(next.certificatePem),
        replaces,
    );
    const signature = sign('sha256', statement, {
        key: createPrivateKey(signer.privateKeyPem),
        dsaEncoding: 'der',
    }).toString('base64');
    return { machineId: machine.machineId, replacesCertificateSha256: replaces, signature };
}

describe('certificate renewal rules', function () {
    it('refuses a new certificate past its notAfter with EXPIRED', function () {
        const old = enroll();
        const machine = recordOf(old);
        const expired = enroll(new Date('2026-05-31T00:00:00Z'));
        expect(
            codeOf(() => renewCertificate(machine, signedRenewal(machine, expired, old), callerOf(expired), AT)),
        ).to.equal('EXPIRED');
    });

    it('refuses an admin approval of an expired certificate with EXPIRED', function () {
        const machine = recordOf(enroll());
        const expired = enroll(new Date('2026-05-31T00:00:00Z'));
        expect(
            codeOf(() =>
                approveCertificateRenewal(machine, expired.certificatePem, staffCaller('MillAMSP', 'admin'), AT),
            ),
        ).to.equal('EXPIRED');
    });

    it('renews a machine whose old certificate has expired, on its old key', function () {
        const old = enroll(new Date('2026-01-01T00:00:00Z'));
        const machine = recordOf(old);
        const next = enroll();
        const renewed = renewCertificate(machine, signedRenewal(machine, next, old), callerOf(next), AT);
        expect(renewed.signingCertificate).to.equal(next.certificatePem);
        expect(renewed.previousCertificates?.[0]?.notAfter).to.equal('2026-01-01T00:00:00.000Z');
    });

    it('refuses a RETIRED machine with STATE_INVALID', function () {
        const old = enroll();
        const machine: MachineRecord = { ...recordOf(old), status: 'RETIRED' };
        const next = enroll();
        expect(codeOf(() => renewCertificate(machine, signedRenewal(machine, next, old), callerOf(next), AT))).to.equal(
            'STATE_INVALID',
        );
    });

    it(`keeps at most ${LIMITS.previousCertificatesMax} previous certificates in the record`, function () {
        let holder = enroll();
        let machine = recordOf(holder);
        for (let round = 0; round < LIMITS.previousCertificatesMax + 2; round += 1) {
            const next = enroll();
            machine = renewCertificate(machine, signedRenewal(machine, next, holder), callerOf(next), AT);
            holder = next;
        }
        expect(machine.previousCertificates).to.have.length(LIMITS.previousCertificatesMax);
    });
});
