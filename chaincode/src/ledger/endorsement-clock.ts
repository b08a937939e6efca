import type { Context } from 'fabric-contract-api';
import { DomainError, LIMITS } from '../protocol';

/**
 * The endorsing peer's clock, in milliseconds since the epoch. The in-memory ledger of the unit
 * tests replaces it with its own clock, as a peer of that ledger would have.
 */
export const peerClock = {
    // The one read of the wall clock in the chaincode: see assertTimestampNearPeerClock.
    // eslint-disable-next-line no-restricted-properties -- decides only whether to endorse
    now: (): number => Date.now(),
};

/**
 * Refuses to endorse a proposal whose timestamp is far from this peer's clock. The timestamp is
 * the client's to choose, and the packet window and the rate limit are measured in it, so
 * without this a forger stamps its flood over as many windows as it likes.
 *
 * This is the one read of the wall clock in the chaincode, and it is safe: it decides only
 * whether this peer endorses at all, never what the transaction writes, so endorsements that
 * are given still agree byte for byte. Peers whose clocks differ by less than the skew agree.
 *
 * @throws DomainError EXPIRED when the timestamp is more than LIMITS.proposalClockSkewMs away.
 */
export function assertTimestampNearPeerClock(ctx: Context, peerNow: number = peerClock.now()): void {
    const proposed = ctx.stub.getDateTimestamp().getTime();
    const drift = proposed - peerNow;
    if (Math.abs(drift) > LIMITS.proposalClockSkewMs) {
        throw new DomainError(
            'EXPIRED',
            `the proposal is stamped ${Math.round(drift / 1000)} s from this peer's clock ` +
                `(at most ${LIMITS.proposalClockSkewMs / 1000} s); check the client's clock`,
        );
    }
}
