import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { batchesOf, CommunicationClient, SpindleError, type SpindleGateway } from '@spindle/client';
import { LIMITS, TRANSIENT_PACKETS, toCanonicalBytes, type Packet } from '@spindle/chaincode/protocol';
import { buildPacket } from '../../support/packet-client';

const signingKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

function packets(count: number, payloadBytes = 16, senderId = 'carding-a1'): Packet[] {
    return Array.from({ length: count }, () =>
        buildPacket(
            {
                senderId,
                receiverId: 'comber-c1',
                type: 'upload',
                timestamp: new Date(),
                payload: new Uint8Array(payloadBytes),
            },
            signingKey,
        ),
    );
}

describe('batched deliveries in the client', function () {
    it('splits packets into batches of at most the packet cap, in order', function () {
        const all = packets(LIMITS.batchPacketsMax * 2 + 3);
        const batches = batchesOf(all);
        expect(batches.map((batch) => batch.length)).to.deep.equal([LIMITS.batchPacketsMax, LIMITS.batchPacketsMax, 3]);
        expect(batches.flat()).to.deep.equal(all);
    });

    it('splits packets into batches within the byte cap, counting the JSON array around them', function () {
        const all = packets(40, 32_000);
        const batches = batchesOf(all);
        expect(batches.length).to.be.greaterThan(1);
        for (const batch of batches) {
            expect(toCanonicalBytes(batch).length).to.be.at.most(LIMITS.batchBytes);
        }
        expect(batches.flat()).to.deep.equal(all);
    });

    it('refuses a batch over the caps PAYLOAD_TOO_LARGE before it is submitted', async function () {
        let submitted = 0;
        const session = {
            submit: () => {
                submitted += 1;
                return Promise.resolve({ result: Buffer.from('[]') });
            },
            endorsersForMachines: () => Promise.resolve(['MillAMSP', 'MillCMSP']),
        } as unknown as SpindleGateway;
        const failure = await new CommunicationClient(session)
            .sendBatch(packets(LIMITS.batchPacketsMax + 1))
            .catch((error: unknown) => error);
        expect(failure).to.be.instanceOf(SpindleError);
        expect((failure as SpindleError).code).to.equal('PAYLOAD_TOO_LARGE');
        expect(submitted).to.equal(0);
    });

    it("asks for the endorsement of every sender's and receiver's mill, with the packets in the transient map", async function () {
        let asked: readonly string[] = [];
        let transient: Record<string, Uint8Array> = {};
        const batch = [...packets(2), ...packets(1, 16, 'carding-a2')];
        const session = {
            submit: (_: string, options: { transient: Record<string, Uint8Array> }) => {
                transient = options.transient;
                return Promise.resolve({ result: Buffer.from('[]') });
            },
            endorsersForMachines: (ids: readonly string[]) => {
                asked = ids;
                return Promise.resolve(['MillAMSP', 'MillCMSP']);
            },
        } as unknown as SpindleGateway;
        await new CommunicationClient(session).sendBatch(batch);
        expect([...asked].sort()).to.deep.equal(['carding-a1', 'carding-a2', 'comber-c1']);
        expect(Buffer.from(transient[TRANSIENT_PACKETS] ?? []).equals(Buffer.from(toCanonicalBytes(batch)))).to.equal(
            true,
        );
    });
});
