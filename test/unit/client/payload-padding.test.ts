import { expect } from 'chai';
import fc from 'fast-check';

import { LIMITS } from '@spindle/chaincode/protocol';
import {
    CIPHERTEXT_OVERHEAD_BYTES,
    MAX_PADDED_PLAINTEXT_BYTES,
    MIN_PADDED_BYTES,
    type PayloadBinding,
    buildPacket,
    eciesCipher,
    newEncryptionKeyPair,
    paddedLength,
    padPlaintext,
    unpadPlaintext,
} from '@spindle/client';
import { generateKeyPairSync } from 'node:crypto';
import { spindleCodeOf } from '../support/spindle-error-code';

const codeOf = spindleCodeOf;

const BINDING: PayloadBinding = {
    senderId: 'carding-a1',
    receiverId: 'lap-former-b1',
    type: 'upload',
    nonce: 'CCCCCCCCCCCCCCCCCCCCCCCC',
};

/** The public sizes a payload may have: one per bucket. */
function bucketSizes(): number[] {
    const sizes: number[] = [];
    for (let bucket = MIN_PADDED_BYTES; bucket < MAX_PADDED_PLAINTEXT_BYTES; bucket *= 2) {
        sizes.push(bucket + CIPHERTEXT_OVERHEAD_BYTES);
    }
    sizes.push(MAX_PADDED_PLAINTEXT_BYTES + CIPHERTEXT_OVERHEAD_BYTES);
    return sizes;
}

describe('payload padding', function () {
    const receiver = newEncryptionKeyPair();

    it('gives a packet a public size that is one of the buckets, whatever the plaintext length', function () {
        const signing = generateKeyPairSync('ec', { namedCurve: 'P-256' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString();
        const allowed = bucketSizes();
        fc.assert(
            fc.property(fc.integer({ min: 0, max: MAX_PADDED_PLAINTEXT_BYTES - 4 }), (length) => {
                const packet = buildPacket(
                    {
                        ...BINDING,
                        plaintext: Buffer.alloc(length, 0x61),
                        receiverEncryptionKeyPem: receiver.publicKeyPem,
                        signingKeyPem: signing,
                    },
                    eciesCipher,
                );
                expect(allowed).to.include(packet.size);
                expect(packet.size).to.be.at.most(LIMITS.payloadBytes);
            }),
            { numRuns: 60 },
        );
    });

    it('gives every plaintext of one bucket the same ciphertext size', function () {
        const sizes = [0, 1, 17, 100, 252].map(
            (length) => eciesCipher.encrypt(Buffer.alloc(length, 7), receiver.publicKeyPem, BINDING).length,
        );
        expect(new Set(sizes)).to.deep.equal(new Set([MIN_PADDED_BYTES + CIPHERTEXT_OVERHEAD_BYTES]));
        expect(eciesCipher.encrypt(Buffer.alloc(253), receiver.publicKeyPem, BINDING).length).to.equal(
            2 * MIN_PADDED_BYTES + CIPHERTEXT_OVERHEAD_BYTES,
        );
    });

    it('pads to the next power of two from 256, the largest bucket filling the payload cap', function () {
        expect(paddedLength(0, MAX_PADDED_PLAINTEXT_BYTES)).to.equal(256);
        expect(paddedLength(252, MAX_PADDED_PLAINTEXT_BYTES)).to.equal(256);
        expect(paddedLength(253, MAX_PADDED_PLAINTEXT_BYTES)).to.equal(512);
        expect(paddedLength(5000, MAX_PADDED_PLAINTEXT_BYTES)).to.equal(8192);
        expect(paddedLength(16_381, MAX_PADDED_PLAINTEXT_BYTES)).to.equal(MAX_PADDED_PLAINTEXT_BYTES);
        expect(MAX_PADDED_PLAINTEXT_BYTES + CIPHERTEXT_OVERHEAD_BYTES).to.equal(LIMITS.payloadBytes);
    });

    it('round-trips any plaintext that fits, and nothing else', function () {
        fc.assert(
            fc.property(fc.uint8Array({ maxLength: 3000 }), (plaintext) => {
                const padded = padPlaintext(plaintext, MAX_PADDED_PLAINTEXT_BYTES);
                expect(padded.length).to.equal(paddedLength(plaintext.length, MAX_PADDED_PLAINTEXT_BYTES));
                expect(Buffer.from(unpadPlaintext(padded))).to.deep.equal(Buffer.from(plaintext));
            }),
        );
        const largest = Buffer.alloc(MAX_PADDED_PLAINTEXT_BYTES - 4, 1);
        const sealed = eciesCipher.encrypt(largest, receiver.publicKeyPem, BINDING);
        expect(sealed.length).to.equal(LIMITS.payloadBytes);
        expect(Buffer.from(eciesCipher.decrypt(sealed, receiver.privateKeyPem, BINDING))).to.deep.equal(largest);
    });

    it('refuses a plaintext over the largest bucket with PAYLOAD_TOO_LARGE', function () {
        expect(
            codeOf(() =>
                eciesCipher.encrypt(Buffer.alloc(MAX_PADDED_PLAINTEXT_BYTES - 3), receiver.publicKeyPem, BINDING),
            ),
        ).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('reads a padded form one way only: a length past the end or a non-zero pad is DECRYPTION_FAILED', function () {
        const padded = padPlaintext(Buffer.from('sliver CV 2.1 %'), MAX_PADDED_PLAINTEXT_BYTES);
        const longer = Buffer.from(padded);
        longer.writeUInt32BE(padded.length, 0);
        expect(codeOf(() => unpadPlaintext(longer))).to.equal('DECRYPTION_FAILED');
        const dirty = Buffer.from(padded);
        dirty[dirty.length - 1] = 1;
        expect(codeOf(() => unpadPlaintext(dirty))).to.equal('DECRYPTION_FAILED');
        expect(codeOf(() => unpadPlaintext(Buffer.alloc(3)))).to.equal('DECRYPTION_FAILED');
    });
});
