import { z } from 'zod';
import { mailboxEntrySchema } from './communication';
import { DomainError } from './domain-error';
import { idSchema, sha256HexSchema } from './identifiers';
import { LIMITS } from './limits';
import { parseJsonText, parseValue } from './parse-input';

/** The transient field of `Communication:appendBlock` that carries the mailbox entries it moves. */
export const TRANSIENT_BLOCK_ENTRIES = 'entries';

/**
 * The public, write-once anchor of one block of a machine's chain: its seq, its hash (`blockHash`
 * of its header) and the previous block's hash. It lives in world state under the chaincode's
 * majority policy, so no single mill can rewrite it, and the chaincode refuses to write it twice.
 */
export const chainAnchorSchema = z
    .object({ machineId: idSchema, seq: z.number().int().min(1), hash: sha256HexSchema, prevHash: sha256HexSchema })
    .strict();

/** A chain anchor. */
export type ChainAnchor = z.infer<typeof chainAnchorSchema>;

/** Why a chain does not verify, at its first broken block. */
export const CHAIN_BREAKS = [
    'SEQUENCE_GAP',
    'MACHINE_MISMATCH',
    'PREVIOUS_HASH_MISMATCH',
    'MERKLE_ROOT_MISMATCH',
    /** The stored block's hash is not its public anchor's, or the anchor is missing. */
    'ANCHOR_MISMATCH',
    'HEAD_MISMATCH',
] as const;

/**
 * The result of `Communication:verifyChain` for one page: OK with the seqs it checked
 * (`fromSeq` to `toSeq`, none when `toSeq` is `fromSeq - 1`), the chain's length by its public
 * tip, the hash of block `toSeq` and, when blocks remain, `nextSeq` to continue from; or the
 * first broken block and why.
 */
export const chainVerificationSchema = z.discriminatedUnion('ok', [
    z
        .object({
            ok: z.literal(true),
            fromSeq: z.number().int().min(1),
            toSeq: z.number().int().min(0),
            length: z.number().int().min(0),
            headHash: sha256HexSchema,
            nextSeq: z.number().int().min(2).optional(),
        })
        .strict(),
    z.object({ ok: z.literal(false), brokenAt: z.number().int().min(1), reason: z.enum(CHAIN_BREAKS) }).strict(),
]);

/** A chain verification result. */
export type ChainVerification = z.infer<typeof chainVerificationSchema>;

const blockEntriesSchema = z.array(mailboxEntrySchema).min(1).max(LIMITS.blockEntriesMax);

/**
 * Parses the transient field of `appendBlock`: a JSON array of the mailbox entries to move, as
 * they are stored (the chaincode checks each against the channel's hash of the stored entry).
 *
 * @throws DomainError INVALID_ARGUMENT when it is missing or does not parse, PAYLOAD_TOO_LARGE
 *   over `LIMITS.blockEntriesBytes`.
 */
export function parseBlockEntries(bytes: Uint8Array | undefined): z.infer<typeof blockEntriesSchema> {
    if (bytes === undefined || bytes.length === 0) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the transient map carries no ${TRANSIENT_BLOCK_ENTRIES}: the mailbox entries to move`,
        );
    }
    if (bytes.length > LIMITS.blockEntriesBytes) {
        throw new DomainError(
            'PAYLOAD_TOO_LARGE',
            `the block entries are larger than ${LIMITS.blockEntriesBytes} bytes`,
        );
    }
    const what = `transient ${TRANSIENT_BLOCK_ENTRIES}`;
    return parseValue(blockEntriesSchema, parseJsonText(bytes, what), what);
}
