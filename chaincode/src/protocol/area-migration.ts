import { z } from 'zod';
import { DomainError } from './domain-error';
import { TRANSACTION_ID_PATTERN, idSchema } from './identifiers';
import { pageSchema } from './paging';
import { parseJsonText } from './parse-input';

/** What a machine's area holds and AreaMigration moves: its mailboxes and its chain's blocks. */
export const AREA_ITEM_TYPES = ['inbox', 'outbox', 'block'] as const;

/** One of {@link AREA_ITEM_TYPES}. */
export type AreaItemType = (typeof AREA_ITEM_TYPES)[number];

/** Transient field of `moveLegacyArea`: a JSON array of the moved values, as stored. */
export const TRANSIENT_AREA_VALUES = 'values';

/** Items of one page or one move; a block may be large, so moves are also capped in bytes. */
export const AREA_MOVE_ITEMS_MAX = 16;

/**
 * Bytes of the transient values of one move: room for the largest block (16 entries of at most
 * 144 KiB) and a little more. A larger item cannot exist, so every area can be moved.
 */
export const AREA_MOVE_BYTES_MAX = 4_194_304;

const BLOCK_SEQ_ATTRIBUTE = /^[0-9]{12}$/;

/** An item of an area: its type and its ID there (a message ID, or a block's zero-padded seq). */
export const areaItemSchema = z
    .object({ type: z.enum(AREA_ITEM_TYPES), id: z.string() })
    .strict()
    .refine((item) => (item.type === 'block' ? BLOCK_SEQ_ATTRIBUTE : TRANSACTION_ID_PATTERN).test(item.id), {
        message: 'id must be a message ID for a mailbox item, a 12-digit seq for a block',
        path: ['id'],
    });

/** An item of an area. */
export type AreaItem = z.infer<typeof areaItemSchema>;

/** `listLegacyArea`'s argument: one type of item of a machine's per-machine collection, paged. */
export const legacyAreaQuerySchema = z
    .object({
        machineId: idSchema,
        type: z.enum(AREA_ITEM_TYPES),
        pageSize: z.number().int().min(1).max(AREA_MOVE_ITEMS_MAX).default(AREA_MOVE_ITEMS_MAX),
        bookmark: z.string().max(64).default(''),
    })
    .strict();

/** A listed item with its value exactly as stored (canonical JSON text). */
export const storedAreaItemSchema = z.object({ type: z.enum(AREA_ITEM_TYPES), id: z.string(), value: z.string() });

/** A page of `listLegacyArea`; the bookmark is the next item's ID. */
export const legacyAreaPageSchema = pageSchema(storedAreaItemSchema);

/** `moveLegacyArea`'s argument: the machine and the items to move, in the order of the values. */
export const legacyAreaMoveSchema = z
    .object({ machineId: idSchema, items: z.array(areaItemSchema).min(1).max(AREA_MOVE_ITEMS_MAX) })
    .strict();

/** `moveLegacyArea`'s answer. */
export const legacyAreaMovedSchema = z.object({ machineId: idSchema, moved: z.number().int() }).strict();

/**
 * Parses the transient values of a move: one string per item.
 *
 * @throws DomainError INVALID_ARGUMENT when missing, not a JSON array of strings, or not one per
 *   item; PAYLOAD_TOO_LARGE over {@link AREA_MOVE_BYTES_MAX}.
 */
export function parseAreaValues(bytes: Uint8Array | undefined, count: number): string[] {
    if (bytes === undefined || bytes.length === 0) {
        throw new DomainError('INVALID_ARGUMENT', `the transient map carries no ${TRANSIENT_AREA_VALUES}`);
    }
    if (bytes.length > AREA_MOVE_BYTES_MAX) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `the moved values are larger than ${AREA_MOVE_BYTES_MAX} bytes`);
    }
    const parsed = z
        .array(z.string())
        .length(count)
        .safeParse(parseJsonText(bytes, `the transient ${TRANSIENT_AREA_VALUES}`));
    if (!parsed.success) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the transient ${TRANSIENT_AREA_VALUES} must be a JSON array of ${count} strings, one per item`,
        );
    }
    return parsed.data;
}
