import { expect } from 'chai';
import { createPrivateKey } from 'node:crypto';
import { join } from 'node:path';

import { newEncryptionKeyPair } from '@spindle/client';
import { toCanonicalBytes } from '@spindle/chaincode/protocol';
import { MACHINE_ATTRIBUTE, ROLE_ATTRIBUTE, enrollIdentity } from '@spindle/network';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { processProposal } from './support/endorser';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { type AttackerIdentity, millIdentity, millNamed } from './support/identities';
import { compositeKey, machineKey } from './support/keys';
import { readOnEveryPeer } from './support/peer-reads';
import { buildProposal } from './support/proposal';
import { adversaryContext } from './support/setup';

/** Used when every MillB manifest machine is registered already: MillB's naming, no mill's collection. */
const FALLBACK_ID = 'drawing-b9';

describe('adversary: MillA registers a machine ID that belongs to MillB', function () {
    this.timeout(240_000);
    const ctx = adversaryContext();
    let machineId = FALLBACK_ID;
    let impostor: AttackerIdentity;
    const held: string[] = [];
    let passed = 0;

    before(async function () {
        // The first of MillB's manifest machines that nobody registered yet, else the fallback.
        const reader = millIdentity(ctx, 'MillC', 'operator');
        const millB = ctx.consortium.mills.find((mill) => mill.name === 'MillB')?.machines ?? [];
        for (const machine of millB) {
            const reads = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', machine.id], ['MillA']);
            if (reads.MillA?.includes('NOT_FOUND') === true) {
                machineId = machine.id;
                break;
            }
        }
        // MillA's admin may register identities at MillA's CA, with any machine attribute.
        const name = `adversary-${machineId}-by-milla`;
        const enrolled = await enrollIdentity(
            ctx,
            millNamed(ctx, 'MillA'),
            { name, type: 'client', attributes: { [ROLE_ATTRIBUTE]: 'machine', [MACHINE_ATTRIBUTE]: machineId } },
            join(ctx.paths.runDir, 'adversary', name),
        );
        impostor = {
            label: `MillA's impostor of ${machineId}`,
            mspId: enrolled.mspId,
            certificatePem: enrolled.certificatePem,
            privateKey: createPrivateKey(enrolled.privateKeyPem),
        };
    });

    after(function () {
        ADVERSARY_TABLE.record({
            tried: `MillA registers ${machineId} (MillB's) with a MillA machine identity: honestly endorsed by MillB and MillC, and forged with MillA's peer alone`,
            count: 2,
            held: held.join('; '),
            lost: 0,
            passed: passed === 2,
        });
    });

    function registration(): string {
        return JSON.stringify({
            machineId,
            ownerMspId: 'MillAMSP',
            machineType: 'drawing',
            line: 'line-a1',
            processStep: 'drawing',
            vendor: 'Rieter',
            serialNumber: `ADV-${machineId}`,
            encryptionPublicKey: newEncryptionKeyPair().publicKeyPem,
        });
    }

    it("is refused by MillB's and MillC's honest peers", async function () {
        const proposal = buildProposal({
            creator: impostor,
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            args: ['MachineRegistry:register', registration()],
        });
        const answers: Record<string, string> = {};
        for (const mill of ['MillB', 'MillC']) {
            const answer = await processProposal(ctx, mill, proposal.signedProposal);
            answers[mill] = answer.status === 200 ? 'ENDORSED' : `refused ${answer.message.slice(0, 80)}`;
        }
        const refused = Object.values(answers).every((answer) => answer.startsWith('refused'));
        held.push(
            `honest: ${Object.entries(answers)
                .map(([mill, answer]) => `${mill} ${answer}`)
                .join(', ')}`,
        );
        passed += refused ? 1 : 0;
        expect(refused, `MillA's registration of ${machineId}: ${JSON.stringify(answers)}`).to.equal(true);
    });

    it("ends invalid on every peer when MillA's peer alone endorses the record, which stays absent", async function () {
        const reader = millIdentity(ctx, 'MillB', 'operator');
        const before = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', machineId]);
        const record = {
            ...(JSON.parse(registration()) as Record<string, string>),
            status: 'ACTIVE',
            signingCertificate: impostor.certificatePem,
            registeredAt: new Date().toISOString(),
            updatedAt: new Date().toISOString(),
            lastAction: 'approve',
        };
        const outcome = await forgeAndBroadcast(ctx, {
            creator: impostor,
            endorsers: [millIdentity(ctx, 'MillA', 'peer')],
            args: ['MachineRegistry:register', registration()],
            rwset: {
                writes: [
                    { key: machineKey(machineId), value: toCanonicalBytes(record) },
                    { key: compositeKey('machine-by-mill', 'MillAMSP', machineId), value: Uint8Array.of(0) },
                    { key: compositeKey('machine-by-status', 'ACTIVE', machineId), value: Uint8Array.of(0) },
                ],
            },
        });
        const after = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', machineId]);
        const unchanged = JSON.stringify(after) === JSON.stringify(before);
        held.push(`forged: ${describeOutcome(outcome)}, record ${unchanged ? 'unchanged' : 'CHANGED'}`);
        passed += failedEverywhere(outcome) && unchanged ? 1 : 0;
        expect(failedEverywhere(outcome), describeOutcome(outcome)).to.equal(true);
        expect(after).to.deep.equal(before);
    });
});
