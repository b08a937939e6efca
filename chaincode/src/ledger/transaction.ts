import type { Context } from 'fabric-contract-api';

/**
 * The transaction timestamp as ISO 8601 UTC: the client's proposal time, the same on every
 * endorser. Spindle never reads the wall clock, which differs between peers.
 */
export function transactionTime(ctx: Context): string {
    return ctx.stub.getDateTimestamp().toISOString();
}

/** The transaction ID, which names messages and queries. */
export function transactionId(ctx: Context): string {
    return ctx.stub.getTxID();
}
