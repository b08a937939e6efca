import { Context, Contract } from 'fabric-contract-api';
import { DomainError } from '../protocol';

/**
 * The base of Spindle's contracts: a call to a transaction that does not exist is refused with a
 * code like every other refusal.
 */
export abstract class SpindleContract extends Contract {
    /** @throws DomainError INVALID_ARGUMENT naming the unknown transaction. */
    override unknownTransaction(ctx: Context): Promise<void> {
        const { fcn } = ctx.stub.getFunctionAndParameters();
        return Promise.reject(new DomainError('INVALID_ARGUMENT', `${this.getName()} has no transaction ${fcn}`));
    }
}
