import type { Context } from 'fabric-contract-api';
import {
    DomainError,
    TRANSACTION_ID_PATTERN,
    mailboxEntrySchema,
    type Mailbox,
    type MailboxEntry,
    type MailboxListQuery,
    type Page,
    toCanonicalBytes,
} from '../protocol';
import { decode, getPrivateJson } from './json-state';
import { OBJECT_TYPES } from './object-types';
import { type PrivateArea, areaKey, privateAreaOf, putInArea } from './private-area';

function mailboxKey(ctx: Context, area: PrivateArea, mailbox: Mailbox, messageId: string): string {
    return areaKey(ctx, area, OBJECT_TYPES[mailbox], messageId);
}

/**
 * Writes a mailbox entry into a machine's private area under its own transaction's key, so
 * concurrent deliveries to one machine never write or read a common key.
 */
export async function putMailboxEntry(ctx: Context, machineId: string, entry: MailboxEntry): Promise<void> {
    await putInArea(ctx, machineId, OBJECT_TYPES[entry.mailbox], [entry.messageId], toCanonicalBytes(entry));
}

/** Reads one mailbox entry; undefined when absent (never delivered, or moved into a block). */
export async function loadMailboxEntry(
    ctx: Context,
    machineId: string,
    mailbox: Mailbox,
    messageId: string,
): Promise<MailboxEntry | undefined> {
    const area = await privateAreaOf(ctx, machineId);
    return getPrivateJson(ctx, area.collection, mailboxKey(ctx, area, mailbox, messageId), mailboxEntrySchema);
}

/**
 * The channel's SHA-256 of a stored mailbox entry, hex, or undefined when there is none. Every
 * peer of the channel holds it, member of the collection or not, so an append can be endorsed
 * by mills that cannot read the entry.
 */
export async function loadMailboxEntryHash(
    ctx: Context,
    machineId: string,
    mailbox: Mailbox,
    messageId: string,
): Promise<string | undefined> {
    const area = await privateAreaOf(ctx, machineId);
    const hash = await ctx.stub.getPrivateDataHash(area.collection, mailboxKey(ctx, area, mailbox, messageId));
    return hash.length === 0 ? undefined : Buffer.from(hash).toString('hex');
}

/** Deletes a mailbox entry once it is in a block. */
export async function deleteMailboxEntry(ctx: Context, machineId: string, entry: MailboxEntry): Promise<void> {
    const area = await privateAreaOf(ctx, machineId);
    await ctx.stub.deletePrivateData(area.collection, mailboxKey(ctx, area, entry.mailbox, entry.messageId));
}

/**
 * One page of a mailbox, in message ID order; the bookmark is the next message ID. Fabric has no
 * paginated private query, so the page is cut here, but the range starts at the bookmark's own
 * key: a page reads at most `pageSize + 1` entries however deep into the mailbox it is. A private
 * range query makes the transaction read-only on Fabric, so only read transactions use it.
 *
 * @throws DomainError INVALID_ARGUMENT for a bookmark that is not a message ID.
 */
export async function listMailbox(ctx: Context, query: MailboxListQuery): Promise<Page<MailboxEntry>> {
    if (query.bookmark !== '' && !TRANSACTION_ID_PATTERN.test(query.bookmark)) {
        throw new DomainError('INVALID_ARGUMENT', 'the bookmark is not a message ID');
    }
    const area = await privateAreaOf(ctx, query.machineId);
    const type = OBJECT_TYPES[query.mailbox];
    const prefix = areaKey(ctx, area, type);
    const start = query.bookmark === '' ? prefix : areaKey(ctx, area, type, query.bookmark);
    // The end of a partial composite key range, as fabric-shim builds it: the prefix and U+10FFFF.
    const entries = ctx.stub.getPrivateDataByRange(area.collection, start, `${prefix}\u{10FFFF}`);
    const items: MailboxEntry[] = [];
    let bookmark = '';
    // Iterate, never await the query: fabric-shim resolves a private range to the peer's response
    // object, which only its async iterator unwraps; leaving the loop early closes the iterator.
    for await (const { key, value } of entries) {
        if (items.length === query.pageSize) {
            bookmark = ctx.stub.splitCompositeKey(key).attributes.at(-1) ?? '';
            break;
        }
        const entry = decode(value, mailboxEntrySchema, key);
        if (entry !== undefined) {
            items.push(entry);
        }
    }
    return { items, bookmark };
}
