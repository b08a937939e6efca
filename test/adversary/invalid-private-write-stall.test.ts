import { expect } from 'chai';
import { randomBytes } from 'node:crypto';

import { connectAs } from '../support/local-network';
import { ADVERSARY_TABLE } from './support/adversary-table';
import { describeOutcome, failedEverywhere, forgeAndBroadcast } from './support/forge';
import { millIdentity } from './support/identities';
import { collectionOf, inboxKey } from './support/keys';
import { adversaryContext } from './support/setup';

/** A mill's commits may wait this long behind one forged transaction, and no longer. */
const STALL_BOUND_MS = 5_000;
const VICTIM_COLLECTION_OF = 'carding-a2';

/**
 * Submits a legitimate `Probe:put` through a mill's gateway and returns how long it took to
 * commit there; a commit the gateway gave up waiting for counts with the time waited.
 */
async function timedProbePut(ctx: ReturnType<typeof adversaryContext>, millName: string): Promise<number> {
    const connection = connectAs(millName);
    const started = Date.now();
    try {
        const contract = connection.gateway
            .getNetwork(ctx.config.channel)
            .getContract(ctx.config.chaincode.name, 'Probe');
        await contract.submitTransaction(
            'put',
            `adversary-stall-${randomBytes(6).toString('hex')}`,
            'after the forgery',
        );
        return Date.now() - started;
    } catch {
        return Date.now() - started;
    } finally {
        connection.close();
    }
}

describe("adversary: a forged invalid transaction with a hashed write into another mill's collection", function () {
    this.timeout(300_000);
    const ctx = adversaryContext();

    it("holds up no mill's next legitimate commit for more than a few seconds", async function () {
        const delays: Record<string, number> = {};
        const outcome = await forgeAndBroadcast(ctx, {
            creator: millIdentity(ctx, 'MillB', 'operator'),
            endorsers: [millIdentity(ctx, 'MillB', 'peer')],
            args: ['Communication:send'],
            rwset: (transactionId) => ({
                collections: [
                    {
                        name: collectionOf(VICTIM_COLLECTION_OF),
                        writes: [{ key: inboxKey(VICTIM_COLLECTION_OF, transactionId), value: randomBytes(48) }],
                    },
                ],
            }),
            afterBroadcast: async () => {
                const mills = ['MillA', 'MillB', 'MillC'];
                const times = await Promise.all(mills.map((mill) => timedProbePut(ctx, mill)));
                mills.forEach((mill, index) => {
                    delays[mill] = times[index] ?? Number.NaN;
                });
            },
        });
        const slowest = Math.max(...Object.values(delays));
        const figures = Object.entries(delays)
            .map(([mill, ms]) => `${mill} ${(ms / 1000).toFixed(1)} s`)
            .join(', ');
        ADVERSARY_TABLE.record({
            tried: `an unendorsed (MillB peer only) hashed write into ${collectionOf(VICTIM_COLLECTION_OF)} (MillA's), then a Probe:put through each mill`,
            count: 1,
            held: `${describeOutcome(outcome)}; next commit ${figures} (bound ${String(STALL_BOUND_MS / 1000)} s)`,
            lost: 0,
            passed: failedEverywhere(outcome) && slowest < STALL_BOUND_MS,
        });
        expect(failedEverywhere(outcome), describeOutcome(outcome)).to.equal(true);
        expect(slowest, `commit delays: ${figures}`).to.be.below(STALL_BOUND_MS);
    });
});
