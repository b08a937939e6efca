import { expect } from 'chai';
import type { Contract, Proposal } from '@hyperledger/fabric-gateway';
import { batchRateSlotsToTry } from '@spindle/chaincode/domain';
import { LIMITS, batchMessageId, type Packet } from '@spindle/chaincode/protocol';
import { machineIdentity } from '../contract-suite/fixture';
import { TX } from '../contract-suite/transactions';
import { batchTransient, packetTransient } from '../support/packet-client';
import {
    FLOODER,
    FLOOD_ENDORSERS,
    FLOOD_RECEIVER,
    endorseProposal,
    outcomeOf,
    proposalsInOneWindow,
    submitProposal,
    untilNextWindow,
} from './rate-window';
import { SECURITY_TABLE } from './security-table';
import { type SecurityWorld, securityWorld } from './security-world';

/** A sender and a receiver the flood does not touch. */
const OTHER_SENDER = 'comber-c1';
const OTHER_RECEIVER = 'lap-former-b1';
const OTHER_ENDORSERS = ['MillCMSP', 'MillBMSP'];
/** Packets of each hand-built batch. */
const PACKETS_PER_BATCH = 3;
/** Batches past the window's batch slots. */
const EXTRA = 2;
/** The flooder's batches endorsed together, before any of them is submitted. */
const BURST = 6;
const SLOTS = LIMITS.batchSlotsPerWindow;

describe("security: one machine flooding the network with batches past its window's batch slots", function () {
    this.timeout(10 * 60_000);
    let world: SecurityWorld;

    before(async function () {
        world = await securityWorld();
    });

    /** `count` batches of `PACKETS_PER_BATCH` uploads, each packet signed by its sender. */
    async function batchesOf(senderId: string, receiverId: string, count: number): Promise<Packet[][]> {
        const batches: Packet[][] = [];
        for (let batch = 0; batch < count; batch += 1) {
            const packets: Packet[] = [];
            for (let index = 0; index < PACKETS_PER_BATCH; index += 1) {
                packets.push(await world.packet({ senderId, receiverId, type: 'upload' }));
            }
            batches.push(packets);
        }
        return batches;
    }

    /** A `sendBatch` proposal built by hand, signed by the contract's identity. */
    function batchProposal(contract: Contract, packets: readonly Packet[], endorsers: string[]): Proposal {
        return contract.newProposal(TX.communication.sendBatch, {
            transientData: batchTransient(packets),
            endorsingOrganizations: endorsers,
        });
    }

    /**
     * Endorses and submits a proposal, then waits until every peer has its block: the next
     * proposal, endorsed after it, reads the slots it took, so the two cannot conflict.
     */
    function commitEverywhere(proposal: Proposal): Promise<string> {
        return submitProposal(proposal, (status) => world.committedEverywhere(status.blockNumber));
    }

    it("refuses a machine's batches past its batch slots of a window RATE_LIMITED at endorsement, writing nothing, while its single sends and another machine's batches commit", async function () {
        const batches = await batchesOf(FLOODER, FLOOD_RECEIVER, SLOTS + EXTRA);
        const single = await world.packet({ senderId: FLOODER, receiverId: FLOOD_RECEIVER, type: 'upload' });
        const [other = []] = await batchesOf(OTHER_SENDER, OTHER_RECEIVER, 1);
        const flooder = await world.gateway.contract(machineIdentity(FLOODER));
        const otherMachine = await world.gateway.contract(machineIdentity(OTHER_SENDER));
        const inboxBefore = await world.inboxSize(FLOOD_RECEIVER);
        const otherInboxBefore = await world.inboxSize(OTHER_RECEIVER);
        const proposals = await proposalsInOneWindow(() => ({
            batches: batches.map((packets) => batchProposal(flooder, packets, FLOOD_ENDORSERS)),
            single: flooder.newProposal(TX.communication.send, {
                transientData: packetTransient(single),
                endorsingOrganizations: FLOOD_ENDORSERS,
            }),
            other: batchProposal(otherMachine, other, OTHER_ENDORSERS),
        }));

        // One at a time: each batch reads the slots the earlier ones took and writes a free one.
        const taken: string[] = [];
        for (const proposal of proposals.batches.slice(0, SLOTS)) {
            taken.push(await commitEverywhere(proposal));
        }
        expect(taken, 'the window’s batch slots').to.deep.equal(new Array<string>(SLOTS).fill('VALID'));
        for (const proposal of proposals.batches.slice(SLOTS)) {
            await world.refusesWithoutWrites('RATE_LIMITED', () => endorseProposal(proposal), [FLOOD_RECEIVER]);
        }
        expect(await commitEverywhere(proposals.single), 'a single send takes its own slots').to.equal('VALID');
        expect(await commitEverywhere(proposals.other), 'another machine has its own batch slots').to.equal('VALID');
        const delivered = SLOTS * PACKETS_PER_BATCH + 1;
        expect(await world.inboxSize(FLOOD_RECEIVER)).to.equal(inboxBefore + delivered);
        expect(await world.inboxSize(OTHER_RECEIVER)).to.equal(otherInboxBefore + PACKETS_PER_BATCH);

        // In the next window: a committed batch's nonces are spent, the refused batches' are not.
        await untilNextWindow();
        const sendBatch = (packets: readonly Packet[]) =>
            world.submit(machineIdentity(FLOODER), TX.communication.sendBatch, [], batchTransient(packets));
        await world.refusesWithoutWrites('REPLAYED', () => sendBatch(batches[0] ?? []), [FLOOD_RECEIVER]);
        const refused = batches.slice(SLOTS).flat();
        await sendBatch(refused);
        expect(await world.inboxSize(FLOOD_RECEIVER)).to.equal(inboxBefore + delivered + refused.length);
        await world.expectHealthy();
        SECURITY_TABLE.record({
            tried: `one machine's ${SLOTS + EXTRA} hand-built batches stamped in one ${LIMITS.rateWindowMs} ms window, one at a time`,
            count: SLOTS + EXTRA,
            held:
                `${SLOTS} committed, ${EXTRA} RATE_LIMITED at endorsement with their nonces unspent; ` +
                `its single send and another machine's batch in the window committed`,
            lost: 0,
            passed: true,
        });
    });

    it("commits one batch per batch slot when a machine's batches race, the rest failing MVCC_READ_CONFLICT, and never more than its batch slots a window", async function () {
        const batches = await batchesOf(FLOODER, FLOOD_RECEIVER, BURST + SLOTS);
        const flooder = await world.gateway.contract(machineIdentity(FLOODER));
        const inboxBefore = await world.inboxSize(FLOOD_RECEIVER);
        const proposals = await proposalsInOneWindow(() =>
            batches.map((packets) => batchProposal(flooder, packets, FLOOD_ENDORSERS)),
        );
        const burst = proposals.slice(0, BURST);

        // Every endorsement before any submit: each reads the window's batch slots all free and
        // writes the first it tries, picked by the hash of its first message ID.
        const endorsed = await Promise.all(burst.map(endorseProposal));
        const statuses = await Promise.all(
            endorsed.map(async (transaction) => (await transaction.submit()).getStatus()),
        );
        await world.committedEverywhere(
            statuses.reduce((last, { blockNumber }) => (blockNumber > last ? blockNumber : last), 0n),
        );
        const bySlot = new Map<string, string[]>();
        burst.forEach((proposal, index) => {
            const slot = batchRateSlotsToTry(batchMessageId(proposal.getTransactionId(), 0))[0] ?? '';
            const status = statuses[index];
            bySlot.set(slot, [...(bySlot.get(slot) ?? []), status ? outcomeOf(status) : 'missing']);
        });
        for (const [slot, outcomes] of bySlot) {
            expect(outcomes.sort(), `the batches that picked slot ${slot}`).to.deep.equal([
                ...new Array<string>(outcomes.length - 1).fill('MVCC_READ_CONFLICT'),
                'VALID',
            ]);
        }

        // The window's other batches, one at a time, take its slots the burst left free, and no more.
        const topUps: string[] = [];
        for (const proposal of proposals.slice(BURST)) {
            topUps.push(await commitEverywhere(proposal));
        }
        expect(topUps).to.deep.equal([
            ...new Array<string>(SLOTS - bySlot.size).fill('VALID'),
            ...new Array<string>(bySlot.size).fill('RATE_LIMITED'),
        ]);
        expect(await world.inboxSize(FLOOD_RECEIVER)).to.equal(inboxBefore + SLOTS * PACKETS_PER_BATCH);
        SECURITY_TABLE.record({
            tried: `one machine's ${BURST} batches in flight at once, then ${SLOTS} more, all in one ${LIMITS.rateWindowMs} ms window`,
            count: BURST + SLOTS,
            held:
                `${bySlot.size} of the burst committed (one per slot it picked), ${BURST - bySlot.size} MVCC_READ_CONFLICT; ` +
                `${SLOTS - bySlot.size} more committed, ${bySlot.size} RATE_LIMITED: ${SLOTS} a window`,
            lost: 0,
            passed: true,
        });
    });
});
