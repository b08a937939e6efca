import { z } from 'zod';
import { sealEntrySchema } from './device-seal';
import { idSchema, sha256HexSchema, timestampSchema, transactionIdSchema } from './identifiers';
import { LIMITS } from './limits';
import { ENCRYPTION_SCHEMES, PACKET_TYPES, packetSchema } from './packet';
import { pageRequestShape } from './paging';

/** The two private mailboxes of a machine: what it received and what it sent. */
export const MAILBOXES = ['inbox', 'outbox'] as const;

/** A mailbox. */
export type Mailbox = (typeof MAILBOXES)[number];

/**
 * An entry of a machine's inbox or outbox, keyed by the transaction that delivered it, so many
 * senders writing to one receiver never touch the same key.
 */
export const mailboxEntrySchema = z
    .object({
        messageId: transactionIdSchema,
        mailbox: z.enum(MAILBOXES),
        recordedAt: timestampSchema,
        packet: packetSchema,
    })
    .strict();

/** A mailbox entry. */
export type MailboxEntry = z.infer<typeof mailboxEntrySchema>;

/**
 * The public record of a delivered packet: IDs, type, sizes and hashes, never content. Every mill
 * can read it; `packetHash` is the SHA-256 of the stored canonical packet bytes.
 */
export const messageRecordSchema = z
    .object({
        messageId: transactionIdSchema,
        senderId: idSchema,
        receiverId: idSchema,
        type: z.enum(PACKET_TYPES),
        inReplyTo: transactionIdSchema.optional(),
        encryption: z.enum(ENCRYPTION_SCHEMES),
        size: z.number().int().min(0),
        inspection: sha256HexSchema,
        packetHash: sha256HexSchema,
        sentAt: timestampSchema,
    })
    .strict();

/** A message record. */
export type MessageRecord = z.infer<typeof messageRecordSchema>;

/** The argument of `Communication:readMailbox`. */
export const mailboxReadSchema = z
    .object({ machineId: idSchema, mailbox: z.enum(MAILBOXES), messageId: transactionIdSchema })
    .strict();

/** The argument of `Communication:listMailbox`. */
export const mailboxListQuerySchema = z
    .object({ machineId: idSchema, mailbox: z.enum(MAILBOXES), ...pageRequestShape })
    .strict();

/** A mailbox list query. */
export type MailboxListQuery = z.infer<typeof mailboxListQuerySchema>;

/** An entry of a communication block: a mailbox entry moved into it, or a seal of the device area. */
export const blockEntrySchema = z.union([mailboxEntrySchema, sealEntrySchema]);

/** A block entry. */
export type BlockEntry = z.infer<typeof blockEntrySchema>;

/** The message entries of a block, without its seals. */
export function messageEntriesOf(entries: readonly BlockEntry[]): MailboxEntry[] {
    return entries.filter((entry): entry is MailboxEntry => !('kind' in entry));
}

/**
 * A communication block: a header (seq, prevHash, merkleRoot, timestamp) and its entries (the
 * paper's Figure 5). A message entry is the mailbox entry it was moved from, whole signed packet
 * included, so it keeps sender and receiver IDs, type, size, the data, the encryption type and
 * the verification hash, and whether the machine received (inbox) or sent (outbox) it; mailbox
 * entries come first, then the seals of the machine's readings recorded with the block.
 */
export const chainBlockSchema = z
    .object({
        machineId: idSchema,
        seq: z.number().int().min(1),
        prevHash: sha256HexSchema,
        merkleRoot: sha256HexSchema,
        timestamp: timestampSchema,
        entries: z.array(blockEntrySchema).min(1).max(LIMITS.blockEntriesMax),
    })
    .strict();

/** A communication block. */
export type ChainBlock = z.infer<typeof chainBlockSchema>;

/**
 * The head of a machine's chain: its last block's seq and hash. Kept in public state (the chain's
 * tip), so an append needs no private read and any mill's peer can endorse it.
 *
 * `sealedThrough` is the last reading seq the chain's seals cover (0 before the first seal): every
 * seal appended must start one past it, so each reading is sealed once and a mill that holds the
 * machine's key cannot re-seal an edited range. Absent only on tips written before release 1.3,
 * until their first seal sets it.
 */
export const chainHeadSchema = z
    .object({
        machineId: idSchema,
        seq: z.number().int().min(0),
        hash: sha256HexSchema,
        updatedAt: timestampSchema,
        sealedThrough: z.number().int().min(0).optional(),
    })
    .strict();

/** A chain head. */
export type ChainHead = z.infer<typeof chainHeadSchema>;

/**
 * The answer of `Communication:getBlockHash`: the hash of a block as its public, write-once anchor
 * holds it, which is `blockHash` of the block's header (its merkleRoot binds the entries).
 */
export const blockHashRecordSchema = z
    .object({ machineId: idSchema, seq: z.number().int().min(1), hash: sha256HexSchema })
    .strict();

/** A block hash record. */
export type BlockHashRecord = z.infer<typeof blockHashRecordSchema>;

/**
 * The argument of `Communication:appendBlock`: mailbox entries to move into the next block; none
 * when the block records only seals (which travel in the transient field `seals`).
 */
export const appendBlockCommandSchema = z
    .object({
        machineId: idSchema,
        entries: z
            .array(z.object({ mailbox: z.enum(MAILBOXES), messageId: transactionIdSchema }).strict())
            .min(0)
            .max(LIMITS.blockEntriesMax)
            .refine(
                (entries) =>
                    new Set(entries.map((entry) => `${entry.mailbox}/${entry.messageId}`)).size === entries.length,
                { message: 'entries must not repeat' },
            ),
    })
    .strict();

/** An append command. */
export type AppendBlockCommand = z.infer<typeof appendBlockCommandSchema>;
