import { expect } from 'chai';
import { assertFresh, planDelivery, type DeliveryContext } from '@spindle/chaincode/domain';
import { LIMITS } from '@spindle/chaincode/protocol';
import { buildPacket } from '../../support/packet-client';
import { codeOf } from '../support/code-of';
import { keyPair, machineCaller, machineRecord, staffCaller } from './fixtures';

const AT = '2025-03-02T09:00:00.000Z';
const senderKeys = keyPair();
const sender = machineRecord('carding-a1', 'ACTIVE', senderKeys.publicKey);
const receiver = machineRecord('drawing-b1', 'ACTIVE', keyPair().publicKey, 'MillBMSP');

function delivery(overrides: Partial<DeliveryContext> = {}): DeliveryContext {
    const packet = buildPacket(
        { senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload', timestamp: new Date(AT) },
        senderKeys.privateKey,
    );
    return {
        packet,
        allowedTypes: ['upload', 'download'],
        sender,
        receiver,
        caller: machineCaller(sender),
        nonceUsed: false,
        prunedBefore: undefined,
        messageId: 'a'.repeat(64),
        at: AT,
        ...overrides,
    };
}

function shifted(milliseconds: number): string {
    return new Date(Date.parse(AT) + milliseconds).toISOString();
}

describe('packet delivery rules', function () {
    it('accepts a packet exactly at the edges of the time window and refuses one a millisecond beyond', function () {
        expect(
            codeOf(() => {
                assertFresh(shifted(-LIMITS.packetMaxAgeMs), AT);
            }),
        ).to.equal(undefined);
        expect(
            codeOf(() => {
                assertFresh(shifted(LIMITS.packetMaxSkewMs), AT);
            }),
        ).to.equal(undefined);
        expect(
            codeOf(() => {
                assertFresh(shifted(-LIMITS.packetMaxAgeMs - 1), AT);
            }),
        ).to.equal('EXPIRED');
        expect(
            codeOf(() => {
                assertFresh(shifted(LIMITS.packetMaxSkewMs + 1), AT);
            }),
        ).to.equal('EXPIRED');
    });

    it('plans the public record and both private copies under the message ID', function () {
        const plan = planDelivery(delivery());
        expect(plan.message).to.include({
            messageId: 'a'.repeat(64),
            senderId: 'carding-a1',
            receiverId: 'drawing-b1',
            sentAt: AT,
        });
        expect(plan.inbox).to.include({ mailbox: 'inbox', recordedAt: AT });
        expect(plan.outbox).to.include({ mailbox: 'outbox', recordedAt: AT });
        expect(plan.message).to.not.have.property('payload');
    });

    it('judges the receiver before the caller, as step 3 comes before step 5', function () {
        const impostor = staffCaller('MillBMSP', 'machine');
        expect(codeOf(() => planDelivery(delivery({ receiver: undefined, caller: impostor })))).to.equal(
            'RECEIVER_UNKNOWN',
        );
        expect(codeOf(() => planDelivery(delivery({ caller: impostor })))).to.equal('NOT_AUTHORIZED');
    });

    it('refuses a sender or receiver that is not ACTIVE', function () {
        for (const status of ['PENDING', 'SUSPENDED', 'RETIRED'] as const) {
            expect(codeOf(() => planDelivery(delivery({ receiver: { ...receiver, status } })))).to.equal(
                'RECEIVER_UNKNOWN',
            );
            const inactive = { ...sender, status };
            expect(
                codeOf(() => planDelivery(delivery({ sender: inactive, caller: machineCaller(inactive) }))),
            ).to.equal('NOT_AUTHORIZED');
        }
    });

    it('refuses a caller with the right attributes but another key', function () {
        const rekeyed = { ...machineCaller(sender), publicKey: keyPair().publicKey };
        expect(codeOf(() => planDelivery(delivery({ caller: rekeyed })))).to.equal('NOT_AUTHORIZED');
    });

    it('refuses a used nonce only after the signature and time window hold', function () {
        expect(codeOf(() => planDelivery(delivery({ nonceUsed: true })))).to.equal('REPLAYED');
        expect(
            codeOf(() => planDelivery(delivery({ nonceUsed: true, at: shifted(LIMITS.packetMaxAgeMs + 1) }))),
        ).to.equal('EXPIRED');
    });

    it('refuses a packet type the transaction does not carry', function () {
        expect(codeOf(() => planDelivery(delivery({ allowedTypes: ['query'] })))).to.equal('INVALID_ARGUMENT');
    });
});
