import type { Context } from 'fabric-contract-api';
import { pruneBucketOf } from '../domain';
import { z } from 'zod';
import { messageRecordSchema, transactionIdSchema, type MessageRecord } from '../protocol';
import { readHistory } from './history';
import { decode, getJson, hasState, putJson } from './json-state';
import { OBJECT_TYPES, compositeKey } from './object-types';

/**
 * Reads the public record of a message; undefined when there is none. Housekeeping deletes the
 * record with its nonce, so world state stays bounded, and a pruned record is read from the key's
 * history (the peers' history index of the blocks, which keeps every value ever written): the
 * receipt stays readable as long as the ledger exists. Only for evaluations: history queries are
 * not validated at commit.
 */
export async function loadMessage(ctx: Context, messageId: string): Promise<MessageRecord | undefined> {
    const key = messageKey(ctx, messageId);
    const current = await getJson(ctx, key, messageRecordSchema);
    if (current !== undefined) {
        return current;
    }
    const history = await readHistory(ctx, key, messageRecordSchema);
    return history.find((change) => change.value !== undefined)?.value;
}

/** Writes the public record of a message, under its own transaction's key. */
export async function saveMessage(ctx: Context, message: MessageRecord): Promise<void> {
    await putJson(ctx, messageKey(ctx, message.messageId), message);
}

/** The world-state key of a message's public record. */
export function messageKey(ctx: Context, messageId: string): string {
    return compositeKey(ctx, OBJECT_TYPES.message, messageId);
}

/**
 * Whether a sender already used a nonce. The key is per bucket of the packet's own signed
 * timestamp, sender and nonce, so a replay of a packet (same timestamp, same nonce) finds it
 * whatever its transaction timestamp, a replay racing the original in one block loses on an MVCC
 * conflict, different packets never do, and Housekeeping prunes whole old buckets.
 *
 * Since release 1.5 the key of releases before 1.2 (sender, nonce) is no longer read: every
 * packet recorded under it is stamped before that upgrade, far older than `LIMITS.packetMaxAgeMs`
 * before any transaction timestamp a peer endorses (each peer refuses a proposal stamped more
 * than `LIMITS.proposalClockSkewMs` from its own clock, ledger/endorsement-clock.ts), so
 * planDelivery refuses its replay EXPIRED before its nonce counts. The read cost every delivery
 * one peer round trip.
 */
export async function nonceUsed(ctx: Context, senderId: string, nonce: string, stampedAt: string): Promise<boolean> {
    return hasState(ctx, nonceKey(ctx, senderId, nonce, stampedAt));
}

/** Registers a sender's nonce, in the bucket of the packet's timestamp, with the message that used it. */
export async function recordNonce(
    ctx: Context,
    senderId: string,
    nonce: string,
    stampedAt: string,
    messageId: string,
): Promise<void> {
    await putJson(ctx, nonceKey(ctx, senderId, nonce, stampedAt), { messageId } satisfies NonceRecord);
}

/**
 * Deletes the public record of the message that used a pruned nonce (the nonce's value names it).
 * The record is written once per delivery, like the nonce, and would otherwise be the one public
 * key that grows with every delivery. A blind delete, so no delivery ever conflicts with it; the
 * record stays in the key's history (see loadMessage).
 */
export async function deleteMessageOfNonce(ctx: Context, nonceKey: string, value: Uint8Array): Promise<void> {
    const used = decode(value, nonceRecordSchema, nonceKey);
    if (used !== undefined) {
        await ctx.stub.deleteState(messageKey(ctx, used.messageId));
    }
}

/** The value of a nonce key: the message that used it. */
const nonceRecordSchema = z.object({ messageId: transactionIdSchema }).strict();
type NonceRecord = z.infer<typeof nonceRecordSchema>;

function nonceKey(ctx: Context, senderId: string, nonce: string, stampedAt: string): string {
    return compositeKey(ctx, OBJECT_TYPES.nonceByBucket, pruneBucketOf(stampedAt), senderId, nonce);
}
