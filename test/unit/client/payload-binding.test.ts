import {
    createCipheriv,
    createPublicKey,
    diffieHellman,
    generateKeyPairSync,
    hkdfSync,
    randomBytes,
} from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';

import { PACKET_TYPES } from '@spindle/chaincode/protocol';
import {
    type PayloadBinding,
    type PayloadCipher,
    buildPacket,
    decryptPayload,
    decryptSenderCopy,
    eciesCipher,
    newEncryptionKeyPair,
    openPacket,
} from '@spindle/client';
import { spindleCodeOf } from '../support/spindle-error-code';

const codeOf = spindleCodeOf;

function signingKeys(): { publicKeyPem: string; privateKeyPem: string } {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
        publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        privateKeyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
}

const idArbitrary = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/);
const nonceArbitrary = fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/);
const transactionIdArbitrary = fc.stringMatching(/^[0-9a-f]{64}$/);

const bindingArbitrary: fc.Arbitrary<PayloadBinding> = fc
    .record({
        senderId: idArbitrary,
        receiverId: idArbitrary,
        type: fc.constantFrom(...PACKET_TYPES),
        nonce: nonceArbitrary,
        inReplyTo: fc.option(transactionIdArbitrary, { nil: undefined }),
    })
    .map(({ inReplyTo, ...rest }) => (inReplyTo === undefined ? rest : { ...rest, inReplyTo }));

/** One field of the packet changed, or the recipient's key swapped. */
type Change =
    | { field: 'senderId' | 'receiverId' | 'nonce'; value: string }
    | { field: 'type'; value: PayloadBinding['type'] }
    | { field: 'inReplyTo'; value: string | undefined }
    | { field: 'recipientKey' };

const changeArbitrary: fc.Arbitrary<Change> = fc.oneof(
    idArbitrary.map((value) => ({ field: 'senderId' as const, value })),
    idArbitrary.map((value) => ({ field: 'receiverId' as const, value })),
    nonceArbitrary.map((value) => ({ field: 'nonce' as const, value })),
    fc.constantFrom(...PACKET_TYPES).map((value) => ({ field: 'type' as const, value })),
    fc.option(transactionIdArbitrary, { nil: undefined }).map((value) => ({ field: 'inReplyTo' as const, value })),
    fc.constant({ field: 'recipientKey' as const }),
);

function applyChange(binding: PayloadBinding, change: Change): PayloadBinding {
    if (change.field === 'recipientKey') {
        return binding;
    }
    if (change.field === 'inReplyTo') {
        const rest: PayloadBinding = { ...binding };
        delete rest.inReplyTo;
        return change.value === undefined ? rest : { ...rest, inReplyTo: change.value };
    }
    return { ...binding, [change.field]: change.value };
}

/** The retired version 1 format, as the client wrote it before payloads were bound. */
function encryptVersion1(plaintext: Uint8Array, recipientPublicKeyPem: string): Buffer {
    const ephemeral = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const ephemeralDer = ephemeral.publicKey.export({ type: 'spki', format: 'der' });
    const header = Buffer.concat([
        Buffer.from([1, ephemeralDer.length >> 8, ephemeralDer.length & 0xff]),
        ephemeralDer,
    ]);
    const secret = diffieHellman({
        privateKey: ephemeral.privateKey,
        publicKey: createPublicKey(recipientPublicKeyPem),
    });
    const key = Buffer.from(hkdfSync('sha256', secret, ephemeralDer, Buffer.from('spindle packet payload v1'), 32));
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.concat([header, iv]));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ciphertext]);
}

describe('a payload bound to its packet', function () {
    const receiver = newEncryptionKeyPair();
    const stranger = newEncryptionKeyPair();

    it('decrypts only inside a packet with the same sender, receiver, type, nonce, reply-to and recipient key', function () {
        this.timeout(60_000);
        fc.assert(
            fc.property(
                bindingArbitrary,
                changeArbitrary,
                fc.uint8Array({ maxLength: 64 }),
                (binding, change, data) => {
                    const changed = applyChange(binding, change);
                    fc.pre(change.field === 'recipientKey' || JSON.stringify(changed) !== JSON.stringify(binding));
                    const sealed = eciesCipher.encrypt(data, receiver.publicKeyPem, binding);
                    expect(Buffer.from(eciesCipher.decrypt(sealed, receiver.privateKeyPem, binding))).to.deep.equal(
                        Buffer.from(data),
                    );
                    const key = change.field === 'recipientKey' ? stranger.privateKeyPem : receiver.privateKeyPem;
                    expect(codeOf(() => eciesCipher.decrypt(sealed, key, changed))).to.equal('DECRYPTION_FAILED');
                },
            ),
            { numRuns: 200 },
        );
    });

    it('refuses a ciphertext of the retired unbound format 1 with DECRYPTION_FAILED, never reads it', function () {
        const binding: PayloadBinding = {
            senderId: 'carding-a1',
            receiverId: 'lap-former-b1',
            type: 'query',
            nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA',
        };
        const old = encryptVersion1(Buffer.from('lap status'), receiver.publicKeyPem);
        expect(codeOf(() => eciesCipher.decrypt(old, receiver.privateKeyPem, binding))).to.equal('DECRYPTION_FAILED');
    });

    it('refuses to encrypt under a malformed binding with INVALID_ARGUMENT', function () {
        const bad = { senderId: 'Carding A1', receiverId: 'lap-former-b1', type: 'query', nonce: 'short' };
        expect(
            codeOf(() => eciesCipher.encrypt(Buffer.from('x'), receiver.publicKeyPem, bad as PayloadBinding)),
        ).to.equal('INVALID_ARGUMENT');
    });

    describe('lifted into another packet', function () {
        const requester = signingKeys();
        const attacker = signingKeys();
        const requesterEncryption = newEncryptionKeyPair();
        const question = Buffer.from(JSON.stringify({ what: 'recipe of lot 7' }));
        const original = buildPacket(
            {
                senderId: 'carding-a1',
                receiverId: 'lap-former-b1',
                type: 'query',
                plaintext: question,
                receiverEncryptionKeyPem: receiver.publicKeyPem,
                senderEncryptionKeyPem: requesterEncryption.publicKeyPem,
                signingKeyPem: requester.privateKeyPem,
            },
            eciesCipher,
        );

        /** The attacker's own packet, validly signed by it, carrying a ciphertext it saw. */
        function rewrapped(ciphertextBase64: string, overrides: { receiverId?: string; type?: 'query' | 'upload' }) {
            const lifting: PayloadCipher = {
                encrypt: () => Buffer.from(ciphertextBase64, 'base64'),
                decrypt: () => {
                    throw new Error('not used');
                },
            };
            return buildPacket(
                {
                    senderId: 'blow-room-c1',
                    receiverId: overrides.receiverId ?? 'lap-former-b1',
                    type: overrides.type ?? 'query',
                    plaintext: Buffer.alloc(0),
                    receiverEncryptionKeyPem: receiver.publicKeyPem,
                    signingKeyPem: attacker.privateKeyPem,
                },
                lifting,
            );
        }

        it('opens the original packet for its receiver and the outbox copy for its sender', function () {
            expect(
                Buffer.from(openPacket(original, requester.publicKeyPem, receiver.privateKeyPem, eciesCipher)),
            ).to.deep.equal(question);
            expect(
                Buffer.from(decryptSenderCopy(original, requesterEncryption.privateKeyPem, eciesCipher)),
            ).to.deep.equal(question);
        });

        it('refuses the payload re-sent by another machine to the same receiver', function () {
            const attack = rewrapped(original.payload, {});
            expect(attack.payload).to.equal(original.payload);
            expect(
                codeOf(() => openPacket(attack, attacker.publicKeyPem, receiver.privateKeyPem, eciesCipher)),
            ).to.equal('DECRYPTION_FAILED');
        });

        it('refuses the payload re-sent as another type', function () {
            const attack = rewrapped(original.payload, { type: 'upload' });
            expect(codeOf(() => decryptPayload(attack, receiver.privateKeyPem, eciesCipher))).to.equal(
                'DECRYPTION_FAILED',
            );
        });

        it("refuses the sender's outbox copy re-sent to the sender", function () {
            const attack = rewrapped(original.senderCopy ?? '', { receiverId: 'carding-a1' });
            expect(codeOf(() => decryptPayload(attack, requesterEncryption.privateKeyPem, eciesCipher))).to.equal(
                'DECRYPTION_FAILED',
            );
        });

        it('refuses the payload when the packet around it names another nonce or reply-to', function () {
            expect(
                codeOf(() =>
                    decryptPayload(
                        { ...original, nonce: 'BBBBBBBBBBBBBBBBBBBBBBBB' },
                        receiver.privateKeyPem,
                        eciesCipher,
                    ),
                ),
            ).to.equal('DECRYPTION_FAILED');
            expect(
                codeOf(() =>
                    decryptPayload(
                        { ...original, type: 'reply', inReplyTo: 'a'.repeat(64) },
                        receiver.privateKeyPem,
                        eciesCipher,
                    ),
                ),
            ).to.equal('DECRYPTION_FAILED');
        });
    });
});
