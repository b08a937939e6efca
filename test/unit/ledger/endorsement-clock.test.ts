import { expect } from 'chai';
import type { Context } from 'fabric-contract-api';
import { assertTimestampNearPeerClock } from '@spindle/chaincode/ledger';
import { LIMITS } from '@spindle/chaincode/protocol';

const PEER_NOW = Date.parse('2026-12-02T12:00:00.000Z');

function proposalStamped(offsetMs: number): Context {
    return { stub: { getDateTimestamp: () => new Date(PEER_NOW + offsetMs) } } as unknown as Context;
}

describe("the endorsing peer's clock bound on proposal timestamps", function () {
    it('endorses proposals stamped within the allowed skew, either way', function () {
        for (const offset of [0, LIMITS.proposalClockSkewMs, -LIMITS.proposalClockSkewMs, 1_500, -1_500]) {
            expect(() => {
                assertTimestampNearPeerClock(proposalStamped(offset), PEER_NOW);
            }).not.to.throw();
        }
    });

    it('refuses with EXPIRED a proposal stamped further in the past or the future', function () {
        for (const offset of [
            LIMITS.proposalClockSkewMs + 1,
            -LIMITS.proposalClockSkewMs - 1,
            20 * 60_000,
            -3_600_000,
        ]) {
            expect(() => {
                assertTimestampNearPeerClock(proposalStamped(offset), PEER_NOW);
            }).to.throw(/^EXPIRED/);
        }
    });
});
