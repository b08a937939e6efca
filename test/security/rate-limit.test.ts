import { expect } from 'chai';
import type { Proposal } from '@hyperledger/fabric-gateway';
import { LIMITS, type Packet } from '@spindle/chaincode/protocol';
import { machineIdentity } from '../contract-suite/fixture';
import { TX } from '../contract-suite/transactions';
import { packetTransient } from '../support/packet-client';
import { FLOODER, FLOOD_ENDORSERS, FLOOD_RECEIVER, proposalsInOneWindow, submitProposal } from './rate-window';
import { SECURITY_TABLE } from './security-table';
import { type SecurityWorld, securityWorld } from './security-world';

/** Sends past the window's slots: each one must be refused. */
const EXTRA = 40;
/** Submits of the flood in flight at once. */
const IN_FLIGHT = 24;
/** The others' p95 must stay under this while one machine floods: generous, this is no benchmark. */
const OTHERS_P95_BOUND_MS = 20_000;

/** Nearest-rank 95th percentile. */
function p95(samples: readonly number[]): number {
    const sorted = [...samples].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
    const results: T[] = new Array<T>(tasks.length);
    let next = 0;
    await Promise.all(
        Array.from({ length: limit }, async () => {
            for (let index = next++; index < tasks.length; index = next++) {
                results[index] = await tasks[index]!();
            }
        }),
    );
    return results;
}

describe('security: one machine flooding the network', function () {
    this.timeout(10 * 60_000);
    let world: SecurityWorld;

    before(async function () {
        world = await securityWorld();
    });

    /** comber-c1 (MillC) to lap-former-b1 (MillB): a sender and a receiver the flood does not touch. */
    async function otherSend(): Promise<number> {
        const started = performance.now();
        await world.send('comber-c1', 'lap-former-b1');
        return performance.now() - started;
    }

    it(`refuses the flooder past ${LIMITS.rateSlotsPerWindow} sends a window with RATE_LIMITED while another machine keeps committing`, async function () {
        const baseline: number[] = [];
        for (let count = 0; count < 8; count += 1) {
            baseline.push(await otherSend());
        }

        const total = LIMITS.rateSlotsPerWindow + EXTRA;
        const packets: Packet[] = [];
        for (let index = 0; index < total; index += 1) {
            packets.push(
                await world.packet({
                    senderId: FLOODER,
                    receiverId: FLOOD_RECEIVER,
                    type: 'upload',
                    slot: index % LIMITS.rateSlotsPerWindow,
                }),
            );
        }
        const contract = await world.gateway.contract(machineIdentity(FLOODER));
        const inboxBefore = await world.inboxSize(FLOOD_RECEIVER);
        const proposals = await proposalsInOneWindow(() =>
            packets.map((packet) =>
                contract.newProposal(TX.communication.send, {
                    transientData: packetTransient(packet),
                    endorsingOrganizations: FLOOD_ENDORSERS,
                }),
            ),
        );

        const floodLatencies: number[] = [];
        const timed = (proposal: Proposal) => async () => {
            const started = performance.now();
            const outcome = await submitProposal(proposal);
            floodLatencies.push(performance.now() - started);
            return outcome;
        };
        const during: number[] = [];
        const flood = { running: true };
        const others = (async () => {
            while (flood.running || during.length < 8) {
                during.push(await otherSend());
            }
        })();
        // The window's slots first; then the sends past them, once those are on the ledger.
        const first = await pool(proposals.slice(0, LIMITS.rateSlotsPerWindow).map(timed), IN_FLIGHT);
        const extra = await pool(proposals.slice(LIMITS.rateSlotsPerWindow).map(timed), IN_FLIGHT);
        flood.running = false;
        await others;

        const outcomes = [...first, ...extra];
        const committed = outcomes.filter((outcome) => outcome === 'VALID').length;
        const limited = outcomes.filter((outcome) => outcome === 'RATE_LIMITED').length;
        const tally = [...new Set(outcomes)].map((o) => `${o} ${outcomes.filter((x) => x === o).length}`).join(', ');
        console.log(
            `      flood: ${total} sends in one window: ${tally}; flooder p95 ${p95(floodLatencies).toFixed(0)} ms; ` +
                `comber-c1 p95 ${p95(baseline).toFixed(0)} ms before, ${p95(during).toFixed(0)} ms during (${during.length} sends)`,
        );
        expect(committed, 'at most the window’s slots commit').to.be.at.most(LIMITS.rateSlotsPerWindow);
        expect(extra, 'every send past the slots is refused').to.deep.equal(
            new Array<string>(EXTRA).fill('RATE_LIMITED'),
        );
        expect(await world.inboxSize(FLOOD_RECEIVER)).to.equal(inboxBefore + committed);
        expect(p95(during)).to.be.below(OTHERS_P95_BOUND_MS);

        // The limit is per window: the next window takes the flooder's sends again.
        const again = await world.send(FLOODER, FLOOD_RECEIVER);
        expect(again.senderId).to.equal(FLOODER);
        await world.expectHealthy();
        SECURITY_TABLE.record({
            tried: `one machine flooding: ${total} sends stamped in one ${LIMITS.rateWindowMs} ms window`,
            count: total,
            held:
                `${committed} committed (cap ${LIMITS.rateSlotsPerWindow}), ${limited} RATE_LIMITED; ` +
                `another machine's ${during.length} sends all committed, p95 ${p95(baseline).toFixed(0)} -> ${p95(during).toFixed(0)} ms`,
            lost: 0,
            passed: true,
        });
    });
});
