import { expect } from 'chai';

import { ADVERSARY_TABLE } from './support/adversary-table';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { millIdentity } from './support/identities';
import { VALIDATION_PARAMETER, anyOfPolicy } from './support/key-policy';
import { machineKey } from './support/keys';
import { recordWithStatus, restoreActive } from './support/machine-records';
import { readOnEveryPeer } from './support/peer-reads';
import { activeMachine, adversaryContext } from './support/setup';

const MACHINE = 'carding-a1';

describe("adversary: a machine record's key-level policy rewritten by a client of its mill", function () {
    this.timeout(240_000);
    const ctx = adversaryContext();

    before(async function () {
        const { machine } = await activeMachine(ctx, MACHINE);
        machine.close();
    });

    after(async function () {
        await restoreActive(ctx, MACHINE);
    });

    it("ends invalid on every peer when only the metadata is written, signed by MillA's operator", async function () {
        const reader = millIdentity(ctx, 'MillC', 'operator');
        const before = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', MACHINE]);
        const operator = millIdentity(ctx, 'MillA', 'operator');
        // Fabric validates a metadata write against the key's current policy, not the one written.
        const outcome = await forgeAndBroadcast(ctx, {
            creator: operator,
            endorsers: [operator],
            args: ['MachineRegistry:suspend', MACHINE],
            rwset: {
                metadataWrites: [
                    {
                        key: machineKey(MACHINE),
                        entries: [
                            { name: VALIDATION_PARAMETER, value: anyOfPolicy(['MillAMSP', 'MillBMSP'], 'MEMBER') },
                        ],
                    },
                ],
            },
        });
        // Then MillB's operator alone suspends the machine: valid only if the new policy took effect.
        const millBOperator = millIdentity(ctx, 'MillB', 'operator');
        const followUp = await forgeAndBroadcast(ctx, {
            creator: millBOperator,
            endorsers: [millBOperator],
            args: ['MachineRegistry:suspend', MACHINE],
            rwset: { writes: [{ key: machineKey(MACHINE), value: recordWithStatus(before, 'SUSPENDED', 'suspend') }] },
        });
        const after = await readOnEveryPeer(ctx, reader, ['MachineRegistry:getMachine', MACHINE]);
        const unchanged = JSON.stringify(after) === JSON.stringify(before);
        ADVERSARY_TABLE.record({
            tried: `${MACHINE}'s key-level policy replaced (metadata write only) by "any member of MillA or MillB", signed by MillA's operator; then the record rewritten by MillB's operator alone`,
            count: 2,
            held: `policy write: ${describeOutcome(outcome)}; MillB's rewrite: ${describeOutcome(followUp)}; record ${unchanged ? 'unchanged' : 'CHANGED'}`,
            lost: 0,
            passed: failedEverywhere(outcome) && failedEverywhere(followUp) && unchanged,
        });
        expect(failedEverywhere(outcome), `policy write: ${describeOutcome(outcome)}`).to.equal(true);
        expect(failedEverywhere(followUp), `MillB's rewrite: ${describeOutcome(followUp)}`).to.equal(true);
        expect(after).to.deep.equal(before);
    });
});
