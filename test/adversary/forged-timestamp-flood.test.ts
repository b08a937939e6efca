import { expect } from 'chai';

import { buildPacket, packetTransient } from '../support/packet-client';
import { ADVERSARY_TABLE } from './support/adversary-table';
import { millNames } from './support/endpoints';
import { processProposal } from './support/endorser';
import { machineIdentity } from './support/identities';
import { buildProposal } from './support/proposal';
import { activeMachine, adversaryContext } from './support/setup';

const SENDER = 'blow-room-a1';
const RECEIVER = 'comber-a1';
const HOUR_MS = 3_600_000;
/** Timestamps one to twelve hours either side of now: each its own rate window, all far from any peer's clock. */
const FAR_OFFSETS_MS = Array.from({ length: 12 }, (_, index) => (index + 1) * HOUR_MS).flatMap((ms) => [-ms, ms]);

describe('adversary: a flood spread over forged transaction timestamps', function () {
    this.timeout(240_000);
    const ctx = adversaryContext();

    before(async function () {
        for (const machineId of [SENDER, RECEIVER]) {
            const { machine } = await activeMachine(ctx, machineId);
            machine.close();
        }
    });

    /** Proposes one `Communication:send` stamped `offsetMs` from now to every peer; the mills whose peers endorsed. */
    async function propose(offsetMs: number): Promise<string[]> {
        const sender = machineIdentity(ctx, SENDER);
        const timestamp = new Date(Date.now() + offsetMs);
        const packet = buildPacket(
            { senderId: SENDER, receiverId: RECEIVER, type: 'upload', timestamp },
            sender.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        );
        const proposal = buildProposal({
            creator: sender,
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            args: ['Communication:send'],
            transient: packetTransient(packet),
            timestamp,
        });
        const endorsed: string[] = [];
        for (const mill of millNames(ctx)) {
            const answer = await processProposal(ctx, mill, proposal.signedProposal);
            if (answer.status === 200) {
                endorsed.push(mill);
            }
        }
        return endorsed;
    }

    it("is refused by every honest peer for timestamps far from the peer's clock", async function () {
        const near = await propose(0);
        let farEndorsements = 0;
        const farWindows = new Set<number>();
        for (const offset of FAR_OFFSETS_MS) {
            const endorsed = await propose(offset);
            farEndorsements += endorsed.length;
            if (endorsed.length > 0) {
                farWindows.add(offset);
            }
        }
        const peers = millNames(ctx).length;
        const possible = FAR_OFFSETS_MS.length * peers;
        ADVERSARY_TABLE.record({
            tried: `${String(FAR_OFFSETS_MS.length)} signed Communication:send proposals of ${SENDER} stamped 1 to 12 h either side of now (each its own 2 s rate window), straight to every peer`,
            count: FAR_OFFSETS_MS.length,
            held: `far from the clock: ${String(farEndorsements)} of ${String(possible)} endorsements given, ${String(farWindows.size)} windows opened; now: ${String(near.length)} of ${String(peers)} peers endorsed`,
            lost: 0,
            passed: farEndorsements === 0,
        });
        expect(near.length, 'a proposal stamped now is endorsed by the peers (the control)').to.be.greaterThan(0);
        expect(farEndorsements, 'endorsements given to proposals stamped hours away from the peers').to.equal(0);
    });
});
