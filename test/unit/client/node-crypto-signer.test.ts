import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import { hash, signers } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { SpindleError, newNodeCryptoSigning } from '@spindle/client';

const P256_HALF_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n >> 1n;

function keys() {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return { publicKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

/** Reads r and s from a DER ECDSA signature, checking its structure on the way. */
function readDer(signature: Uint8Array): { r: bigint; s: bigint } {
    const bytes = Buffer.from(signature);
    expect(bytes[0]).to.equal(0x30);
    expect(bytes[1]).to.equal(bytes.length - 2);
    const integers: bigint[] = [];
    let offset = 2;
    while (offset < bytes.length) {
        expect(bytes[offset]).to.equal(0x02);
        const length = bytes[offset + 1]!;
        const value = bytes.subarray(offset + 2, offset + 2 + length);
        expect(value[0]! & 0x80, 'a positive integer').to.equal(0);
        if (value.length > 1) {
            expect(value[0] === 0 && (value[1]! & 0x80) === 0, 'minimal encoding').to.equal(false);
        }
        integers.push(BigInt(`0x${value.toString('hex')}`));
        offset += 2 + length;
    }
    expect(integers).to.have.length(2);
    return { r: integers[0]!, s: integers[1]! };
}

describe('Node crypto signer', function () {
    const { publicKey, privateKeyPem } = keys();

    it('tells the gateway not to hash, because it hashes the message itself', function () {
        expect(newNodeCryptoSigning(privateKeyPem).hash).to.equal(hash.none);
    });

    it('makes signatures that verify as ECDSA P-256 with SHA-256 over the message', async function () {
        const { signer } = newNodeCryptoSigning(privateKeyPem);
        const message = Buffer.from('carding-07 asks lap-former-02 for its status');
        const signature = await signer(message);
        expect(verify('sha256', message, publicKey, signature)).to.equal(true);
        expect(verify('sha256', Buffer.from('another message'), publicKey, signature)).to.equal(false);
    });

    it('accepts the key as a KeyObject as well as PEM', async function () {
        const { signer } = newNodeCryptoSigning(createPrivateKey(privateKeyPem));
        const message = randomBytes(100);
        expect(verify('sha256', message, publicKey, await signer(message))).to.equal(true);
    });

    it('always gives a low s in well-formed DER, over many signatures', async function () {
        const { signer } = newNodeCryptoSigning(privateKeyPem);
        for (let index = 0; index < 400; index++) {
            const message = randomBytes(64);
            const signature = await signer(message);
            const { s } = readDer(signature);
            expect(s <= P256_HALF_ORDER).to.equal(true);
            expect(verify('sha256', message, publicKey, signature)).to.equal(true);
        }
    });

    it('agrees with the gateway signer: both signatures verify over the same message', async function () {
        const message = randomBytes(256);
        const digest = createHash('sha256').update(message).digest();
        const gatewaySignature = await signers.newPrivateKeySigner(createPrivateKey(privateKeyPem))(digest);
        const nodeSignature = await newNodeCryptoSigning(privateKeyPem).signer(message);
        expect(verify('sha256', message, publicKey, gatewaySignature)).to.equal(true);
        expect(verify('sha256', message, publicKey, nodeSignature)).to.equal(true);
        expect(readDer(gatewaySignature).s <= P256_HALF_ORDER).to.equal(true);
    });

    it('refuses a key that is not a P-256 private key', function () {
        const other = generateKeyPairSync('ec', { namedCurve: 'secp384r1' }).privateKey;
        const ed = generateKeyPairSync('ed25519').privateKey;
        for (const key of [other, ed, publicKey, 'not a key']) {
            expect(() => newNodeCryptoSigning(key))
                .to.throw(SpindleError)
                .with.property('code', 'INVALID_ARGUMENT');
        }
    });
});
