import type { Context } from 'fabric-contract-api';
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
 * Whether a sender already used a nonce. The nonce key is per sender and nonce, so a replay
 * racing the original in one block loses on an MVCC conflict and different packets never do.
 */
export async function nonceUsed(ctx: Context, senderId: string, nonce: string): Promise<boolean> {
    return hasState(ctx, compositeKey(ctx, OBJECT_TYPES.nonce, senderId, nonce));
}

/** Registers a sender's nonce with the message that used it. */
export async function recordNonce(ctx: Context, senderId: string, nonce: string, messageId: string): Promise<void> {
    await putJson(ctx, compositeKey(ctx, OBJECT_TYPES.nonce, senderId, nonce), { messageId });
}
