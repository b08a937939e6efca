import { Context, Contract } from 'fabric-contract-api';
import { DomainError } from '../protocol';
import { assertTimestampNearPeerClock } from '../ledger';

/**
 * The base of Spindle's contracts: a proposal stamped far from the endorsing peer's clock is
 * refused, and so is a call to a transaction that does not exist, with a code like every other
 * refusal.
 */
export abstract class SpindleContract extends Contract {
    /** @throws DomainError EXPIRED when the proposal's timestamp is far from this peer's clock. */
    override beforeTransaction(ctx: Context): Promise<void> {
        assertTimestampNearPeerClock(ctx);
        return Promise.resolve();
    }

    /** @throws DomainError INVALID_ARGUMENT naming the unknown transaction. */
    override unknownTransaction(ctx: Context): Promise<void> {
        const { fcn } = ctx.stub.getFunctionAndParameters();
        return Promise.reject(new DomainError('INVALID_ARGUMENT', `${this.getName()} has no transaction ${fcn}`));
    }
}
