import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';
import { expect } from 'chai';
import { parseErrorCode, type Packet } from '@spindle/chaincode/protocol';
import { ROLE_ATTRIBUTE, enrollIdentity } from '@spindle/network/client-support';

import { batchTransient, buildPacket } from '../support/packet-client';
import { ADVERSARY_TABLE } from './support/adversary-table';
import { millNames } from './support/endpoints';
import { processProposal } from './support/endorser';
import { submitThroughHonestPeers } from './support/honest-submit';
import { type AttackerIdentity, machineIdentity, millIdentity, millNamed } from './support/identities';
import { buildProposal } from './support/proposal';
import { activeMachine, adversaryContext } from './support/setup';

const SEND_BATCH = 'Communication:sendBatch';

describe("adversary: a mill's edge identity delivering batches by hand", function () {
    this.timeout(240_000);
    const ctx = adversaryContext();
    let edgeA: AttackerIdentity;
    let edgeB: AttackerIdentity;

    /** A `spindle.role=edge` identity of a mill, enrolled at its fabric-ca by the mill's registrar. */
    async function edgeOf(millName: string): Promise<AttackerIdentity> {
        const name = `adv-edge-${millName.toLowerCase()}`;
        const enrolled = await enrollIdentity(
            ctx,
            millNamed(ctx, millName),
            { name, type: 'client', attributes: { [ROLE_ATTRIBUTE]: 'edge' } },
            join(ctx.paths.runDir, 'test-identities', name),
        );
        return {
            label: `${millName} edge`,
            mspId: enrolled.mspId,
            certificatePem: enrolled.certificatePem,
            privateKey: createPrivateKey(enrolled.privateKeyPem),
        };
    }

    /** A packet of `senderId` signed with `signerId`'s enrollment key (the sender's own by default). */
    function packet(senderId: string, receiverId: string, signerId = senderId): Packet {
        const signer = machineIdentity(ctx, signerId);
        return buildPacket(
            { senderId, receiverId, type: 'upload', timestamp: new Date() },
            signer.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        );
    }

    /** Proposes `sendBatch` with `packets` as `creator` straight to every peer: each peer's error code, or OK. */
    async function proposeEverywhere(creator: AttackerIdentity, packets: readonly Packet[]): Promise<string[]> {
        const proposal = buildProposal({
            creator,
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            args: [SEND_BATCH],
            transient: batchTransient(packets),
        });
        const answers = [];
        for (const mill of millNames(ctx)) {
            const answer = await processProposal(ctx, mill, proposal.signedProposal);
            answers.push(answer.status === 200 ? 'OK' : (parseErrorCode(answer.message) ?? answer.message));
        }
        return answers;
    }

    before(async function () {
        for (const machineId of ['carding-a1', 'blow-room-a1', 'drawing-b1']) {
            const { machine } = await activeMachine(ctx, machineId);
            machine.close();
        }
        edgeA = await edgeOf('MillA');
        edgeB = await edgeOf('MillB');
    });

    it("is refused by every peer for a packet re-signed by another machine's key, or of another mill's machine", async function () {
        const good = packet('carding-a1', 'drawing-b1');
        const resigned = await proposeEverywhere(edgeA, [good, packet('blow-room-a1', 'drawing-b1', 'carding-a1')]);
        const foreign = await proposeEverywhere(edgeA, [good, packet('drawing-b1', 'carding-a1')]);
        const control = await proposeEverywhere(edgeA, [good]);
        const held =
            resigned.every((code) => code === 'SIGNATURE_INVALID') &&
            foreign.every((code) => code === 'NOT_AUTHORIZED') &&
            control.every((code) => code === 'OK');
        ADVERSARY_TABLE.record({
            tried: "MillA's edge hand-signs sendBatch proposals straight to every peer: a blow-room-a1 packet signed by carding-a1's key; a drawing-b1 (MillB) packet signed by its own key",
            count: 2,
            held: `re-signed: ${resigned.join(', ')}; other mill: ${foreign.join(', ')}; control batch: ${control.join(', ')}`,
            lost: 0,
            passed: held,
        });
        expect(resigned, 'the re-signed packet').to.deep.equal(resigned.map(() => 'SIGNATURE_INVALID'));
        expect(foreign, "another mill's packet").to.deep.equal(foreign.map(() => 'NOT_AUTHORIZED'));
        expect(control, 'the same batch without the bad packet (the control)').to.deep.equal(control.map(() => 'OK'));
    });

    it("is refused by every peer when a committed batch's transient data is replayed, by any creator", async function () {
        const packets = [packet('carding-a1', 'drawing-b1'), packet('blow-room-a1', 'drawing-b1')];
        const proposal = buildProposal({
            creator: edgeA,
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            args: [SEND_BATCH],
            transient: batchTransient(packets),
        });
        const { codes } = await submitThroughHonestPeers(ctx, proposal, edgeA, millNames(ctx));
        expect(Object.values(codes), 'the honest batch commits').to.satisfy((all: string[]) =>
            all.every((code) => code === 'VALID'),
        );
        const replays = {
            sameEdge: await proposeEverywhere(edgeA, packets),
            otherMillEdge: await proposeEverywhere(edgeB, packets),
            machine: await proposeEverywhere(machineIdentity(ctx, 'carding-a1'), packets.slice(0, 1)),
            operator: await proposeEverywhere(millIdentity(ctx, 'MillC', 'operator'), packets),
        };
        const expected = {
            sameEdge: 'REPLAYED',
            otherMillEdge: 'NOT_AUTHORIZED',
            machine: 'REPLAYED',
            operator: 'NOT_AUTHORIZED',
        };
        const held = Object.entries(replays).every(([who, codes]) =>
            codes.every((code) => code === expected[who as keyof typeof expected]),
        );
        ADVERSARY_TABLE.record({
            tried: "a committed batch's transient packets (as every endorsing peer saw them) proposed again by MillA's edge, MillB's edge, the sender machine, MillC's operator",
            count: 4,
            held: Object.entries(replays)
                .map(([who, codes]) => `${who}: ${codes.join(', ')}`)
                .join('; '),
            lost: 0,
            passed: held,
        });
        for (const [who, codes] of Object.entries(replays)) {
            expect(codes, who).to.deep.equal(codes.map(() => expected[who as keyof typeof expected]));
        }
    });
});
