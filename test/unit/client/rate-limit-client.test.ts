import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import {
    buildPacket,
    eciesCipher,
    exitCodeOf,
    isRateLimited,
    newEncryptionKeyPair,
    toSpindleError,
} from '@spindle/client';
import { LIMITS, parsePacket, toPacketBytes } from '@spindle/chaincode/protocol';

describe('the client and the per-machine rate limit', function () {
    it("reads the chaincode's RATE_LIMITED as its own code, with exit status 26", function () {
        const error = toSpindleError(new Error('RATE_LIMITED: machine carding-a1 of MillAMSP sent its 256 packets'));
        expect(error.code).to.equal('RATE_LIMITED');
        expect(isRateLimited(error)).to.equal(true);
        expect(isRateLimited(toSpindleError(new Error('REPLAYED: nonce used')))).to.equal(false);
        expect(exitCodeOf('RATE_LIMITED')).to.equal(26);
    });

    it("numbers a sender's packets with consecutive slot hints the chaincode accepts", function () {
        const signingKeyPem = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
            .privateKey.export({ type: 'pkcs8', format: 'pem' })
            .toString();
        const draft = {
            senderId: 'carding-a1',
            receiverId: 'drawing-b1',
            type: 'upload' as const,
            plaintext: Buffer.from('neps 42/g'),
            receiverEncryptionKeyPem: newEncryptionKeyPair().publicKeyPem,
            signingKeyPem,
        };
        const slots = [0, 1, 2].map((): number => {
            const packet = parsePacket(toPacketBytes(buildPacket(draft, eciesCipher)));
            expect(packet.slot).to.be.a('number');
            return packet.slot ?? -1;
        });
        const [first = 0] = slots;
        expect(slots).to.deep.equal([0, 1, 2].map((step) => (first + step) % LIMITS.rateSlotsPerWindow));
    });
});
