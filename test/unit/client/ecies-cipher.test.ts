import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';

import { type PayloadBinding, buildPacket, eciesCipher, newEncryptionKeyPair, openPacket } from '@spindle/client';
import { spindleCodeOf } from '../support/spindle-error-code';

const keys = newEncryptionKeyPair;

/** The packet these payloads travel in. */
const BINDING: PayloadBinding = {
    senderId: 'carding-a1',
    receiverId: 'lap-former-b1',
    type: 'download',
    nonce: 'n0nce-of-twenty-four-chars',
};

const codeOf = spindleCodeOf;

describe('ECIES payload encryption', function () {
    const receiver = keys();

    it('decrypts what was encrypted to the key, for any payload', function () {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 2048 }), (plaintext) => {
                const sealed = eciesCipher.encrypt(plaintext, receiver.publicKeyPem, BINDING);
                expect(Buffer.from(eciesCipher.decrypt(sealed, receiver.privateKeyPem, BINDING))).to.deep.equal(
                    Buffer.from(plaintext),
                );
            }),
            { numRuns: 50 },
        );
    });

    it('refuses to encrypt to a key that is not a P-256 public key', function () {
        const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
            type: 'spki',
            format: 'pem',
        });
        expect(codeOf(() => eciesCipher.encrypt(Buffer.from('x'), rsa.toString(), BINDING))).to.equal(
            'INVALID_ARGUMENT',
        );
        expect(codeOf(() => eciesCipher.encrypt(Buffer.from('x'), 'not a key', BINDING))).to.equal('INVALID_ARGUMENT');
    });

    it('uses a fresh ephemeral key and IV each time', function () {
        const plaintext = Buffer.from('lap weight 68.2 g/m');
        const first = Buffer.from(eciesCipher.encrypt(plaintext, receiver.publicKeyPem, BINDING));
        const second = Buffer.from(eciesCipher.encrypt(plaintext, receiver.publicKeyPem, BINDING));
        expect(first.equals(second)).to.equal(false);
    });

    it('refuses another key with DECRYPTION_FAILED', function () {
        const sealed = eciesCipher.encrypt(Buffer.from('extend shift to 22:00'), receiver.publicKeyPem, BINDING);
        expect(codeOf(() => eciesCipher.decrypt(sealed, keys().privateKeyPem, BINDING))).to.equal('DECRYPTION_FAILED');
    });

    it('refuses a payload with any byte changed', function () {
        const sealed = Buffer.from(
            eciesCipher.encrypt(Buffer.from('neps 42/g, CV 1.8 %'), receiver.publicKeyPem, BINDING),
        );
        for (let index = 0; index < sealed.length; index += 7) {
            const tampered = Buffer.from(sealed);
            tampered[index] = (tampered[index] ?? 0) ^ 0x01;
            expect(
                codeOf(() => eciesCipher.decrypt(tampered, receiver.privateKeyPem, BINDING)),
                `byte ${index}`,
            ).to.equal('DECRYPTION_FAILED');
        }
        expect(codeOf(() => eciesCipher.decrypt(sealed.subarray(0, 40), receiver.privateKeyPem, BINDING))).to.equal(
            'DECRYPTION_FAILED',
        );
    });

    it('builds a signed packet whose payload only the receiver opens, and only with the sender verified', function () {
        const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const signingPublicKeyPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const plaintext = Buffer.from(JSON.stringify({ what: 'lap status and quality' }));
        const packet = buildPacket(
            {
                senderId: 'carding-a1',
                receiverId: 'lap-former-b1',
                type: 'query',
                plaintext,
                receiverEncryptionKeyPem: receiver.publicKeyPem,
                signingKeyPem: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            },
            eciesCipher,
        );
        expect(packet.size).to.equal(Buffer.from(packet.payload, 'base64').length);
        expect(Buffer.from(openPacket(packet, signingPublicKeyPem, receiver.privateKeyPem, eciesCipher))).to.deep.equal(
            plaintext,
        );
        const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
        expect(
            codeOf(() =>
                openPacket(
                    packet,
                    stranger.export({ type: 'spki', format: 'pem' }).toString(),
                    receiver.privateKeyPem,
                    eciesCipher,
                ),
            ),
        ).to.equal('SIGNATURE_INVALID');
        expect(codeOf(() => openPacket(packet, signingPublicKeyPem, keys().privateKeyPem, eciesCipher))).to.equal(
            'DECRYPTION_FAILED',
        );
    });
});
