import {
    COMMUNICATION_TRANSACTIONS,
    CONTRACT_NAMES,
    TRANSIENT_PACKET,
    TRANSIENT_PACKETS,
    qualifiedName,
    toCanonicalBytes,
    toPacketBytes,
} from '@spindle/chaincode/protocol';
import { buildPacket, eciesCipher } from '@spindle/client';

import type { BenchContext } from '../bench-context';
import { type LoadShape, runLoad } from '../harness';
import { isMvccConflict, submitOnce } from '../recorded-submit';
import type { BenchMachine } from '../ready-machines';
import { VALUE_BYTES } from './baseline-put';
import type { WorkloadResult } from './workload';

const SEND = qualifiedName(CONTRACT_NAMES.communication, COMMUNICATION_TRANSACTIONS.send);
const SEND_BATCH = qualifiedName(CONTRACT_NAMES.communication, COMMUNICATION_TRANSACTIONS.sendBatch);

/** A sender's ready-to-use pieces: its contract, keys and the endorsers of its deliveries. */
interface SenderLane {
    machine: BenchMachine;
    ownKeyPem: string;
    endorsers: string[];
}

/**
 * `Communication:send` from senders to one receiver (private writes into both machines' areas, in their mills'
 * collections, endorsed by both mills plus a majority). Every sender's worker builds, encrypts
 * and signs its packet inside the timed operation, as a machine would. Submitted once each, so
 * MVCC conflicts show as failures and are counted. With `batchSize` above 1 each transaction is
 * a `Communication:sendBatch` of that many packets of one sender (release 1.4), and
 * `extra.messagesPerSecond` counts the packets delivered.
 */
export async function messageSend(
    context: BenchContext,
    shape: LoadShape,
    senders: readonly BenchMachine[],
    receiver: BenchMachine,
    id: string,
    title: string,
    batchSize = 1,
): Promise<WorkloadResult> {
    const receiverKeyPem = (await receiver.session.registry.keys(receiver.record.machineId)).encryptionPublicKey;
    const lanes: SenderLane[] = [];
    for (const machine of senders) {
        lanes.push({
            machine,
            ownKeyPem: (await machine.session.registry.keys(machine.record.machineId)).encryptionPublicKey,
            endorsers: await machine.session.session.endorsersForMachines([
                machine.record.machineId,
                receiver.record.machineId,
            ]),
        });
    }
    const contracts = lanes.map((lane) =>
        lane.machine.session.session.network.getContract(context.network.config.chaincode.name),
    );
    const plaintext = Buffer.alloc(VALUE_BYTES, 'q');
    const load = await runLoad(shape, (index) => {
        const lane = lanes[index % lanes.length];
        const contract = contracts[index % contracts.length];
        if (lane === undefined || contract === undefined) {
            return Promise.resolve('NO_SENDER');
        }
        const packets = Array.from({ length: batchSize }, () =>
            buildPacket(
                {
                    senderId: lane.machine.record.machineId,
                    receiverId: receiver.record.machineId,
                    type: 'upload',
                    plaintext,
                    receiverEncryptionKeyPem: receiverKeyPem,
                    senderEncryptionKeyPem: lane.ownKeyPem,
                    signingKeyPem: lane.machine.session.signingKeyPem,
                },
                eciesCipher,
            ),
        );
        const [single] = packets;
        return submitOnce(contract, batchSize === 1 ? SEND : SEND_BATCH, {
            transientData:
                batchSize === 1 && single !== undefined
                    ? { [TRANSIENT_PACKET]: toPacketBytes(single) }
                    : { [TRANSIENT_PACKETS]: toCanonicalBytes(packets) },
            endorsingOrganizations: lane.endorsers,
        });
    });
    const conflicts = load.records.filter((record) => isMvccConflict(record.outcome)).length;
    return {
        id,
        title,
        kind: 'write',
        concurrency: shape.concurrency,
        load,
        extra: {
            senders: lanes.map((lane) => lane.machine.record.machineId).join(' '),
            receiver: receiver.record.machineId,
            mvccConflicts: conflicts,
            packetsPerTransaction: batchSize,
            messagesPerSecond: load.throughputPerSecond * batchSize,
        },
    };
}
