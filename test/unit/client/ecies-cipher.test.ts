import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';

import { SpindleError, eciesCipher } from '@spindle/client';

function keys() {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
        publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

function codeOf(work: () => unknown): string | undefined {
    try {
        work();
    } catch (error) {
        return error instanceof SpindleError ? error.code : 'OTHER';
    }
    return undefined;
}

describe('ECIES payload encryption', function () {
    const receiver = keys();

    it('decrypts what was encrypted to the key, for any payload', function () {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 2048 }), (plaintext) => {
                const sealed = eciesCipher.encrypt(plaintext, receiver.publicKeyPem);
                expect(Buffer.from(eciesCipher.decrypt(sealed, receiver.privateKeyPem))).to.deep.equal(
                    Buffer.from(plaintext),
                );
            }),
            { numRuns: 50 },
        );
    });

    it('uses a fresh ephemeral key and IV each time', function () {
        const plaintext = Buffer.from('lap weight 68.2 g/m');
        const first = Buffer.from(eciesCipher.encrypt(plaintext, receiver.publicKeyPem));
        const second = Buffer.from(eciesCipher.encrypt(plaintext, receiver.publicKeyPem));
        expect(first.equals(second)).to.equal(false);
    });

    it('refuses another key with DECRYPTION_FAILED', function () {
        const sealed = eciesCipher.encrypt(Buffer.from('extend shift to 22:00'), receiver.publicKeyPem);
        expect(codeOf(() => eciesCipher.decrypt(sealed, keys().privateKeyPem))).to.equal('DECRYPTION_FAILED');
    });

    it('refuses a payload with any byte changed', function () {
        const sealed = Buffer.from(eciesCipher.encrypt(Buffer.from('neps 42/g, CV 1.8 %'), receiver.publicKeyPem));
        for (let index = 0; index < sealed.length; index += 7) {
            const tampered = Buffer.from(sealed);
            tampered[index] = (tampered[index] ?? 0) ^ 0x01;
            expect(
                codeOf(() => eciesCipher.decrypt(tampered, receiver.privateKeyPem)),
                `byte ${index}`,
            ).to.equal('DECRYPTION_FAILED');
        }
        expect(codeOf(() => eciesCipher.decrypt(sealed.subarray(0, 40), receiver.privateKeyPem))).to.equal(
            'DECRYPTION_FAILED',
        );
    });
});
