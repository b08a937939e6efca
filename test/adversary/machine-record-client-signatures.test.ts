import { expect } from 'chai';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { describeOutcome, failedEverywhere, forgeAndBroadcast, type ForgeryOutcome } from './support/forge';
import { type AttackerIdentity, machineIdentity, millIdentity } from './support/identities';
import { machineKey } from './support/keys';
import { readOnEveryPeer } from './support/peer-reads';
import { adversaryContext, asMillAdmin, suspendedMachine } from './support/setup';
import { reactivatedRecord, restoreActive } from './support/machine-records';

const MACHINE = 'carding-a1';

describe('adversary: a machine record rewritten with client signatures as the endorsement', function () {
    this.timeout(240_000);
    const ctx = adversaryContext();
    const signers: [string, () => AttackerIdentity][] = [
        ['the machine itself', () => machineIdentity(ctx, MACHINE)],
        ["MillA's operator", () => millIdentity(ctx, 'MillA', 'operator')],
        ["MillA's admin", () => millIdentity(ctx, 'MillA', 'admin')],
    ];
    const seen: string[] = [];
    let held = 0;

    after(async function () {
        ADVERSARY_TABLE.record({
            tried: `${MACHINE} SUSPENDED -> ACTIVE, signed only by a MillA client (machine, operator, admin), broadcast to an orderer`,
            count: signers.length,
            held: seen.join('; '),
            lost: 0,
            passed: held === signers.length,
        });
        await restoreActive(ctx, MACHINE);
    });

    for (const [who, signer] of signers) {
        it(`ends invalid on every peer when only ${who} signs, and the record stays SUSPENDED`, async function () {
            await suspendedMachine(ctx, MACHINE);
            const reader = millIdentity(ctx, 'MillB', 'operator');
            const before = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', MACHINE]);
            const identity = signer();
            const outcome: ForgeryOutcome = await forgeAndBroadcast(ctx, {
                creator: identity,
                endorsers: [identity],
                args: ['MachineRegistry:reactivate', MACHINE],
                rwset: { writes: [{ key: machineKey(MACHINE), value: reactivatedRecord(before) }] },
            });
            const after = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', MACHINE]);
            const unchanged = JSON.stringify(after) === JSON.stringify(before);
            seen.push(`${who}: ${describeOutcome(outcome)}, record ${unchanged ? 'unchanged' : 'CHANGED'}`);
            const ok = failedEverywhere(outcome) && unchanged;
            held += ok ? 1 : 0;
            expect(failedEverywhere(outcome), `forged by ${who}: ${describeOutcome(outcome)}`).to.equal(true);
            expect(after, 'the machine record changed').to.deep.equal(before);
            await asMillAdmin(ctx, 'MillA', (registry) => registry.get(MACHINE)).then((record) => {
                expect(record.status).to.equal('SUSPENDED');
            });
        });
    }
});
