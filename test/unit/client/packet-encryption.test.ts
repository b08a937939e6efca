import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { ENCRYPTION_SCHEMES } from '@spindle/chaincode/protocol';

import {
    SpindleError,
    buildPacket,
    decryptPayload,
    encryptPayload,
    encryptedEnvelopeSchema,
    envelopeCipher,
    newEncryptionKeyPair,
    openPacket,
} from '@spindle/client';

function codeOf(work: () => unknown): string | undefined {
    try {
        work();
    } catch (error) {
        return error instanceof SpindleError ? error.code : 'OTHER';
    }
    return undefined;
}

/** The same base64 field with its first byte flipped, still the same length. */
function flipped(base64: string): string {
    const bytes = Buffer.from(base64, 'base64');
    bytes[0] = bytes[0]! ^ 0x01;
    return bytes.toString('base64');
}

describe('packet encryption (ECIES envelope)', function () {
    const receiver = newEncryptionKeyPair();
    const stranger = newEncryptionKeyPair();
    const plaintext = Buffer.from('{"query":"status","machine":"lap-former-02"}');

    it('generates PEM key pairs, a different one each time', function () {
        expect(receiver.publicKeyPem).to.match(/^-----BEGIN PUBLIC KEY-----/);
        expect(receiver.privateKeyPem).to.match(/^-----BEGIN PRIVATE KEY-----/);
        expect(newEncryptionKeyPair().publicKeyPem).to.not.equal(receiver.publicKeyPem);
    });

    it('decrypts what was encrypted to the key, for any payload, through JSON', function () {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 4096 }), (payload) => {
                const envelope: unknown = JSON.parse(JSON.stringify(encryptPayload(payload, receiver.publicKeyPem)));
                expect(Buffer.from(decryptPayload(envelope, receiver.privateKeyPem))).to.deep.equal(
                    Buffer.from(payload),
                );
            }),
            { numRuns: 50 },
        );
    });

    it('describes itself with the packet encryption scheme, a fresh ephemeral key and IV each time', function () {
        const first = encryptPayload(plaintext, receiver.publicKeyPem);
        const second = encryptPayload(plaintext, receiver.publicKeyPem);
        expect(first.alg).to.equal(ENCRYPTION_SCHEMES[0]);
        expect(Object.keys(first).sort()).to.deep.equal(['alg', 'ciphertext', 'ephemeralPublicKey', 'iv', 'tag']);
        expect(Buffer.from(first.iv, 'base64')).to.have.length(12);
        expect(Buffer.from(first.tag, 'base64')).to.have.length(16);
        expect(second.ephemeralPublicKey).to.not.equal(first.ephemeralPublicKey);
        expect(second.iv).to.not.equal(first.iv);
        expect(second.ciphertext).to.not.equal(first.ciphertext);
    });

    it('refuses to decrypt with another machine key', function () {
        const envelope = encryptPayload(plaintext, receiver.publicKeyPem);
        expect(codeOf(() => decryptPayload(envelope, stranger.privateKeyPem))).to.equal('DECRYPTION_FAILED');
    });

    it('refuses an envelope with any field tampered', function () {
        const envelope = encryptPayload(plaintext, receiver.publicKeyPem);
        const other = encryptPayload(plaintext, receiver.publicKeyPem);
        const tampered: Record<string, unknown>[] = [
            { ...envelope, ephemeralPublicKey: other.ephemeralPublicKey },
            { ...envelope, ephemeralPublicKey: flipped(envelope.ephemeralPublicKey) },
            { ...envelope, iv: flipped(envelope.iv) },
            { ...envelope, ciphertext: flipped(envelope.ciphertext) },
            { ...envelope, ciphertext: `${envelope.ciphertext}AAAA` },
            { ...envelope, tag: flipped(envelope.tag) },
            { ...envelope, alg: 'ecies-p384-hkdf-sha384-aes-256-gcm' },
            { ...envelope, extra: 'x' },
            { ...envelope, iv: Buffer.alloc(16).toString('base64') },
            { ...envelope, tag: 'not base64!' },
            { alg: envelope.alg },
        ];
        for (const candidate of tampered) {
            expect(codeOf(() => decryptPayload(candidate, receiver.privateKeyPem))).to.equal('DECRYPTION_FAILED');
        }
        expect(codeOf(() => decryptPayload('not an envelope', receiver.privateKeyPem))).to.equal('DECRYPTION_FAILED');
    });

    it('refuses to encrypt to something that is not a P-256 public key', function () {
        const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
            .publicKey.export({ type: 'spki', format: 'pem' })
            .toString();
        expect(codeOf(() => encryptPayload(plaintext, p384))).to.equal('INVALID_ARGUMENT');
        expect(codeOf(() => encryptPayload(plaintext, 'no key'))).to.equal('INVALID_ARGUMENT');
    });

    it('fits a packet: the canonical JSON envelope is its payload, and opens with the receiver key', function () {
        const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' });
        const packet = buildPacket(
            {
                senderId: 'carding-07',
                receiverId: 'lap-former-02',
                type: 'query',
                plaintext,
                receiverEncryptionKeyPem: receiver.publicKeyPem,
                signingKeyPem: signing.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            },
            envelopeCipher,
        );
        const envelope = encryptedEnvelopeSchema.parse(
            JSON.parse(Buffer.from(packet.payload, 'base64').toString('utf8')),
        );
        expect(envelope.alg).to.equal(packet.encryption);
        const signingPublicKeyPem = signing.publicKey.export({ type: 'spki', format: 'pem' }).toString();
        const opened = openPacket(packet, signingPublicKeyPem, receiver.privateKeyPem, envelopeCipher);
        expect(Buffer.from(opened)).to.deep.equal(plaintext);
        expect(codeOf(() => envelopeCipher.decrypt(Buffer.from('{'), receiver.privateKeyPem))).to.equal(
            'DECRYPTION_FAILED',
        );
    });
});
