import { expect } from 'chai';
import { WATERMARK_LAG_MS } from '@spindle/chaincode/domain';
import { LIMITS, pruneResultSchema, pruneWatermarkSchema, type PruneResult } from '@spindle/chaincode/protocol';
import { packetTransient } from '../support/packet-client';
import { adminOf, machineIdentity, operatorOf } from './fixture';
import type { IdentitySpec } from './harness';
import type { SuiteWorld } from './suite-world';
import { TX } from './transactions';

/**
 * Housekeeping: pruning nonces and rate-limit slots behind the public watermark. On a real
 * network nothing is old enough to prune while the suite runs (the watermark lags the freshness
 * window and more); the stub's unit tests move its clock to prove the deletions.
 */
export function describeHousekeeping(world: () => SuiteWorld): void {
    async function prune(identity: IdentitySpec, command: object = {}): Promise<PruneResult> {
        return world().submitFor(pruneResultSchema, identity, TX.housekeeping.prune, [JSON.stringify(command)]);
    }

    describe('Housekeeping', function () {
        before(async function () {
            await world().activate('carding-a1', 'drawing-b1');
        });

        it("lets any mill's operator or admin prune, and keeps the nonce of a delivery inside the window", async function () {
            const packet = await world().packet({ senderId: 'carding-a1', receiverId: 'drawing-b1', type: 'upload' });
            await world().submit(machineIdentity('carding-a1'), TX.communication.send, [], packetTransient(packet));
            const byOperator = await prune(operatorOf('MillC'));
            const byAdmin = await prune(adminOf('MillB'), { maxKeys: LIMITS.pruneKeysMax });
            for (const result of [byOperator, byAdmin]) {
                if (result.prunedBefore !== undefined) {
                    expect(Date.parse(result.prunedBefore)).to.be.at.most(
                        (await world().harness.now()).getTime() - WATERMARK_LAG_MS,
                    );
                    expect(Date.parse(result.prunedBefore)).to.be.at.most(Date.parse(packet.timestamp));
                }
            }
            await world().refuses('REPLAYED', () =>
                world().submit(machineIdentity('carding-a1'), TX.communication.send, [], packetTransient(packet)),
            );
        });

        it('never moves the watermark back, and answers it to every mill', async function () {
            const first = await prune(operatorOf('MillA'));
            const second = await prune(operatorOf('MillB'));
            if (first.prunedBefore !== undefined) {
                expect(Date.parse(second.prunedBefore ?? '')).to.be.at.least(Date.parse(first.prunedBefore));
            }
            const watermark = await world().evaluateFor(
                pruneWatermarkSchema.partial(),
                operatorOf('MillC'),
                TX.housekeeping.getPruneWatermark,
                [],
            );
            expect(watermark.prunedBefore).to.equal(second.prunedBefore);
        });

        it('refuses a machine NOT_AUTHORIZED and a maxKeys out of range INVALID_ARGUMENT', async function () {
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(machineIdentity('carding-a1'), TX.housekeeping.prune, ['{}']),
            );
            await world().refuses('INVALID_ARGUMENT', () =>
                world().submit(operatorOf('MillA'), TX.housekeeping.prune, [JSON.stringify({ maxKeys: 0 })]),
            );
        });
    });
}
