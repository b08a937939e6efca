import { expect } from 'chai';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { millIdentity } from './support/identities';
import { machineKey } from './support/keys';
import { reactivatedRecord, restoreActive } from './support/machine-records';
import { readOnEveryPeer } from './support/peer-reads';
import { adversaryContext, suspendedMachine } from './support/setup';

const MACHINE = 'carding-a1';

describe("adversary: a machine record rewritten with only the owning mill's peer endorsing", function () {
    this.timeout(240_000);
    const ctx = adversaryContext();

    after(async function () {
        await restoreActive(ctx, MACHINE);
    });

    it("ends invalid on every peer when MillA's peer key alone signs, and the record stays SUSPENDED", async function () {
        await suspendedMachine(ctx, MACHINE);
        const reader = millIdentity(ctx, 'MillC', 'operator');
        const before = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', MACHINE]);
        const millAPeer = millIdentity(ctx, 'MillA', 'peer');
        const outcome = await forgeAndBroadcast(ctx, {
            creator: millIdentity(ctx, 'MillA', 'operator'),
            endorsers: [millAPeer],
            args: ['MachineRegistry:reactivate', MACHINE],
            rwset: { writes: [{ key: machineKey(MACHINE), value: reactivatedRecord(before) }] },
        });
        const after = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', MACHINE]);
        const unchanged = JSON.stringify(after) === JSON.stringify(before);
        ADVERSARY_TABLE.record({
            tried: `${MACHINE} SUSPENDED -> ACTIVE, endorsed by MillA's own peer key alone`,
            count: 1,
            held: `${describeOutcome(outcome)}; record ${unchanged ? 'unchanged' : 'CHANGED'} on every peer`,
            lost: 0,
            passed: failedEverywhere(outcome) && unchanged,
        });
        expect(failedEverywhere(outcome), describeOutcome(outcome)).to.equal(true);
        expect(after, 'the machine record changed').to.deep.equal(before);
    });
});
