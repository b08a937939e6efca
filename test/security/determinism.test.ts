import { expect } from 'chai';
import { waitForBlock } from '@spindle/client';
import {
    CONTRACT_NAMES,
    PROBE_TRANSACTIONS,
    messageRecordSchema,
    qualifiedName,
    queryRecordSchema,
    type Packet,
} from '@spindle/chaincode/protocol';
import { MILLS, type IdentitySpec } from '../contract-suite';
import { adminOf, machineIdentity, mspIdOf, operatorOf } from '../contract-suite/fixture';
import { newEncryptionKey, parseAnswer } from '../contract-suite/suite-world';
import { TX } from '../contract-suite/transactions';
import { packetTransient } from '../support/packet-client';
import { SECURITY_TABLE } from './security-table';
import { type SecurityWorld, securityWorld } from './security-world';

const ALL_MILLS = MILLS.map(mspIdOf);
const PROBE_PUT = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put);
const PROBE_PUT_PRIVATE = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.putPrivate);

describe("security: determinism, every mill's peer endorsing the same proposal", function () {
    this.timeout(10 * 60_000);
    let world: SecurityWorld;
    const endorsed = { everyMill: new Set<string>(), holders: new Set<string>(), count: 0 };

    before(async function () {
        world = await securityWorld();
    });

    /**
     * Submits one proposal endorsed by exactly `endorsers`: the gateway refuses when their
     * results differ, so a commit means every one of them computed the same read-write set and
     * answer. Waits until every peer has the block, so the next proposal reads the same state
     * everywhere.
     */
    async function endorsedBy(
        endorsers: readonly string[],
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
        transient: Record<string, Uint8Array> = {},
    ): Promise<Uint8Array> {
        const contract = await world.gateway.contract(identity);
        const commit = await contract.submitAsync(transaction, {
            arguments: args,
            transientData: transient,
            endorsingOrganizations: [...endorsers],
        });
        const status = await commit.getStatus();
        expect(status.successful, `${transaction} committed with code ${status.code}`).to.equal(true);
        for (const mill of MILLS) {
            await waitForBlock(await world.gateway.network(operatorOf(mill)), status.blockNumber);
        }
        endorsed[endorsers.length === ALL_MILLS.length ? 'everyMill' : 'holders'].add(transaction);
        endorsed.count += 1;
        return commit.getResult();
    }

    const everyMill = (
        identity: IdentitySpec,
        transaction: string,
        args?: string[],
        transient?: Record<string, Uint8Array>,
    ) => endorsedBy(ALL_MILLS, identity, transaction, args, transient);

    /** Delivers a fresh packet of `senderId`'s by `transaction`, endorsed by `endorsers`. */
    async function deliver(
        endorsers: readonly string[],
        transaction: string,
        [senderId, receiverId]: [string, string],
        type: Packet['type'],
        inReplyTo?: string,
    ): Promise<Uint8Array> {
        const packet = await world.packet({
            senderId,
            receiverId,
            type,
            ...(inReplyTo === undefined ? {} : { inReplyTo }),
        });
        return endorsedBy(endorsers, machineIdentity(senderId), transaction, [], packetTransient(packet));
    }

    it('gives identical results on all three mills for every public transaction kind', async function () {
        const blowRoom = machineIdentity('blow-room-a1');
        const packer = machineIdentity('packer-a1');
        await everyMill(blowRoom, TX.registry.register, [JSON.stringify(world.registration('blow-room-a1'))]);
        await everyMill(adminOf('MillA'), TX.registry.approve, ['blow-room-a1']);
        await everyMill(blowRoom, TX.registry.rotateEncryptionKey, ['blow-room-a1', newEncryptionKey()]);
        await everyMill(adminOf('MillA'), TX.registry.suspend, ['blow-room-a1']);
        await everyMill(adminOf('MillA'), TX.registry.reactivate, ['blow-room-a1']);
        await everyMill(packer, TX.registry.register, [JSON.stringify(world.registration('packer-a1'))]);
        await everyMill(adminOf('MillA'), TX.registry.approve, ['packer-a1']);
        await everyMill(adminOf('MillA'), TX.registry.retire, ['packer-a1']);

        const lot = { lotId: 'det-bale-1', quantityGrams: 200_000, origin: 'Gujarat', grade: 'Shankar-6' };
        await everyMill(operatorOf('MillA'), TX.material.createLot, [JSON.stringify(lot)]);
        await everyMill(operatorOf('MillA'), TX.material.transform, [
            JSON.stringify({
                transformId: 'det-open-1',
                machineId: 'blow-room-a1',
                processStep: 'opening',
                inputs: [{ lotId: 'det-bale-1', quantityGrams: 200_000 }],
                outputs: [{ lotId: 'det-lap-1', form: 'lap', quantityGrams: 190_000 }],
                tolerancePermille: 100,
                quality: { moisturePercent: 7.4, trash: 'low' },
            }),
        ]);
        await everyMill(operatorOf('MillB'), PROBE_PUT, ['det-probe-1', 'grade A']);
        await world.expectHealthy();
    });

    it('gives identical results on every peer for the transactions that write private data', async function () {
        // They read no private data, so a peer outside the collections computes the same hashes.
        const toDrawing: [string, string] = ['blow-room-a1', 'drawing-b1'];
        await deliver(ALL_MILLS, TX.communication.send, toDrawing, 'upload');
        const requested = parseAnswer(
            queryRecordSchema,
            await deliver(ALL_MILLS, TX.queryFlow.request, toDrawing, 'query'),
        );
        await deliver(ALL_MILLS, TX.queryFlow.respond, ['drawing-b1', 'blow-room-a1'], 'reply', requested.queryId);
        await everyMill(machineIdentity('blow-room-a1'), TX.queryFlow.rejectReply, [
            JSON.stringify({ queryId: requested.queryId, reason: 'DECRYPTION_FAILED' }),
        ]);
        const second = parseAnswer(
            queryRecordSchema,
            await deliver(ALL_MILLS, TX.queryFlow.request, toDrawing, 'query'),
        );
        await everyMill(machineIdentity('drawing-b1'), TX.queryFlow.deny, [
            JSON.stringify({ queryId: second.queryId, reason: 'EXPIRED' }),
        ]);
        await everyMill(operatorOf('MillA'), PROBE_PUT_PRIVATE, ['blow-room-a1', 'det-private-1'], {
            value: Buffer.from('neps 40/g'),
        });
        // And on the collections' own mills alone, as the gateway would choose.
        const message = parseAnswer(
            messageRecordSchema,
            await deliver(['MillAMSP', 'MillBMSP'], TX.communication.send, toDrawing, 'download'),
        );
        expect(message.senderId).to.equal('blow-room-a1');
        await world.expectHealthy();
        SECURITY_TABLE.record({
            tried: `transactions endorsed by all three mills' peers (${[...endorsed.everyMill].length} kinds)`,
            count: endorsed.count - endorsed.holders.size,
            held: `identical results on every peer (the gateway compares them), all committed VALID: ${[...endorsed.everyMill].map((name) => name.split(':')[1]).join(', ')}`,
            lost: 0,
            passed: true,
        });
        SECURITY_TABLE.record({
            tried: "a delivery endorsed by its collections' mills only",
            count: endorsed.holders.size,
            held: 'identical results on both holders, committed VALID',
            lost: 0,
            passed: true,
        });
    });
});
