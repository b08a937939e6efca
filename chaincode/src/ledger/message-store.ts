import type { Context } from 'fabric-contract-api';
import { pruneBucketOf } from '../domain';
import { messageRecordSchema, type MessageRecord } from '../protocol';
import { getJson, hasState, putJson } from './json-state';
import { OBJECT_TYPES, compositeKey } from './object-types';

/** Reads the public record of a message; undefined when there is none. */
export async function loadMessage(ctx: Context, messageId: string): Promise<MessageRecord | undefined> {
    return getJson(ctx, compositeKey(ctx, OBJECT_TYPES.message, messageId), messageRecordSchema);
}

/** Writes the public record of a message, under its own transaction's key. */
export async function saveMessage(ctx: Context, message: MessageRecord): Promise<void> {
    await putJson(ctx, compositeKey(ctx, OBJECT_TYPES.message, message.messageId), message);
}

/**
 * Whether a sender already used a nonce. The key is per bucket of the packet's own signed
 * timestamp, sender and nonce, so a replay of a packet (same timestamp, same nonce) finds it
 * whatever its transaction timestamp, a replay racing the original in one block loses on an MVCC
 * conflict, different packets never do, and Housekeeping prunes whole old buckets. The key of
 * releases before 1.2 (sender, nonce) is read too, so no replay slips through an upgrade.
 */
export async function nonceUsed(ctx: Context, senderId: string, nonce: string, stampedAt: string): Promise<boolean> {
    return (
        (await hasState(ctx, nonceKey(ctx, senderId, nonce, stampedAt))) ||
        (await hasState(ctx, compositeKey(ctx, OBJECT_TYPES.nonce, senderId, nonce)))
    );
}

/** Registers a sender's nonce, in the bucket of the packet's timestamp, with the message that used it. */
export async function recordNonce(
    ctx: Context,
    senderId: string,
    nonce: string,
    stampedAt: string,
    messageId: string,
): Promise<void> {
    await putJson(ctx, nonceKey(ctx, senderId, nonce, stampedAt), { messageId });
}

function nonceKey(ctx: Context, senderId: string, nonce: string, stampedAt: string): string {
    return compositeKey(ctx, OBJECT_TYPES.nonceByBucket, pruneBucketOf(stampedAt), senderId, nonce);
}
