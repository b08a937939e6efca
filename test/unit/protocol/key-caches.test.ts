import { X509Certificate, createPrivateKey, sign } from 'node:crypto';
import { expect } from 'chai';
import { publicKeyFromCertificate, verifySignature } from '@spindle/chaincode/protocol';
import { CertificateAuthority } from '../../support/x509/certificate-authority';
import { codeOf } from '../support/code-of';

const millA = new CertificateAuthority('MillA');

function machineIdentity(index: number) {
    const machineId = `carding-a${index}`;
    return millA.issue({
        commonName: machineId,
        organizationalUnit: 'client',
        attributes: { 'spindle.role': 'machine', 'spindle.machine': machineId },
    });
}

/** The key without any memo: what the chaincode computed on every transaction before issue 15. */
function uncachedKey(certificatePem: string): string {
    return new X509Certificate(certificatePem).publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

describe('the per-process memo of certificate and verifying keys', function () {
    const identities = [1, 2, 3].map(machineIdentity);

    it("answers each certificate's own key, the first time and every time after", function () {
        for (let round = 0; round < 3; round += 1) {
            for (const identity of identities) {
                expect(publicKeyFromCertificate(identity.certificatePem)).to.equal(
                    uncachedKey(identity.certificatePem),
                );
            }
        }
    });

    it('refuses a certificate that does not parse every time, with INVALID_ARGUMENT', function () {
        const broken = identities[0]?.certificatePem.replace(/[A-Za-z]{8}/, 'AAAAAAAA') ?? '';
        expect(codeOf(() => publicKeyFromCertificate(broken))).to.equal('INVALID_ARGUMENT');
        expect(codeOf(() => publicKeyFromCertificate(broken))).to.equal('INVALID_ARGUMENT');
    });

    it("verifies a signature against its signer's key only, however often the keys are used", function () {
        const data = Buffer.from('packet bytes');
        const [signer, other] = identities;
        if (signer === undefined || other === undefined) {
            throw new Error('two identities expected');
        }
        const signature = sign('sha256', data, {
            key: createPrivateKey(signer.privateKeyPem),
            dsaEncoding: 'der',
        }).toString('base64');
        for (let round = 0; round < 3; round += 1) {
            expect(verifySignature(publicKeyFromCertificate(signer.certificatePem), data, signature)).to.equal(true);
            expect(verifySignature(publicKeyFromCertificate(other.certificatePem), data, signature)).to.equal(false);
            expect(
                verifySignature('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n', data, signature),
            ).to.equal(false);
        }
    });
});
