/**
 * Every code a Spindle refusal can carry. A `DomainError` message starts with one of them, so a
 * client recovers the code from the text that crosses the gateway.
 */
export const ERROR_CODES = [
    /** The packet is not valid JSON, misses fields, or its inspection checksum or size does not match. */
    'PACKET_INCOMPLETE',
    /** An argument, packet or payload is over its size cap. */
    'PAYLOAD_TOO_LARGE',
    /** The packet's receiver is not registered, or not ACTIVE. */
    'RECEIVER_UNKNOWN',
    /** The sender's signature does not verify against its registered key. */
    'SIGNATURE_INVALID',
    /** The packet's nonce was already used by its sender. */
    'REPLAYED',
    /** The packet's timestamp is outside the window around the transaction timestamp. */
    'EXPIRED',
    /** The caller's MSP ID, role or machine identity does not allow the action. */
    'NOT_AUTHORIZED',
    /** The named machine, lot, message, query or block does not exist. */
    'NOT_FOUND',
    /** An argument does not parse or breaks a rule of its schema. */
    'INVALID_ARGUMENT',
    /** The thing to create already exists. */
    'CONFLICT',
    /** The action is not allowed in the current status (for example, approving a RETIRED machine). */
    'STATE_INVALID',
    /** The machine's private data collection is not defined on the channel yet. */
    'COLLECTION_MISSING',
    /** A transform's outputs are not conserved within its stated tolerance. */
    'CONSERVATION_VIOLATED',
    /** A transform consumes more of a lot than it holds. */
    'QUANTITY_EXCEEDED',
    /** The calling machine used up its transactions of the current rate window; it may send again in the next. */
    'RATE_LIMITED',
    /** A machine type outside the vocabulary of `machine-types.ts`; the message names the accepted types. */
    'MACHINE_TYPE_UNKNOWN',
    /** A trace's continuation token is malformed, tampered with, or belongs to another trace. */
    'TRACE_TOKEN_INVALID',
    /** A device question does not parse: not JSON, not an object, or breaks its schema (device-questions.ts). */
    'QUESTION_INVALID',
    /** A device question of a kind this agent does not know, or cannot answer (e.g. no material ledger). */
    'QUESTION_UNSUPPORTED',
    /** A seal that does not continue its machine's sealed readings: not one past the chain's `sealedThrough`. */
    'SEAL_DISCONTINUOUS',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Whether `value` is one of {@link ERROR_CODES}. */
export function isErrorCode(value: string): value is ErrorCode {
    return (ERROR_CODES as readonly string[]).includes(value);
}
