/**
 * The CLI's exit status for each known error code, so scripts can tell failures apart. Anything
 * else exits 1 with its stack.
 */
export const EXIT_CODES: Readonly<Record<string, number>> = {
    INVALID_ARGUMENT: 2,
    NOT_FOUND: 3,
    NOT_AUTHORIZED: 4,
    RECEIVER_UNKNOWN: 5,
    CONFLICT: 6,
    STATE_INVALID: 7,
    COLLECTION_MISSING: 8,
    PACKET_INCOMPLETE: 9,
    SIGNATURE_INVALID: 10,
    REPLAYED: 11,
    EXPIRED: 12,
    PAYLOAD_TOO_LARGE: 13,
    CONSERVATION_VIOLATED: 14,
    QUANTITY_EXCEEDED: 15,
    QUERY_DENIED: 16,
    IDENTITY_MISSING: 17,
    WALLET_INVALID: 18,
    DECRYPTION_FAILED: 19,
    UNAVAILABLE: 20,
    TIMEOUT: 21,
    ENDORSEMENT_FAILED: 22,
    COMMIT_FAILED: 23,
    CHAIN_BROKEN: 24,
    NETWORK_FAILED: 25,
    RATE_LIMITED: 26,
    IDENTITY_REFUSED: 27,
    QUERY_FAILED: 28,
    MACHINE_TYPE_UNKNOWN: 29,
    TRACE_TOKEN_INVALID: 30,
    QUESTION_INVALID: 31,
    QUESTION_UNSUPPORTED: 32,
    OPCUA_CONFIG_INVALID: 33,
    SEAL_DISCONTINUOUS: 34,
    CA_MISSING: 35,
};

/** The exit status of an unknown error. */
export const EXIT_UNEXPECTED = 1;

/** The exit status for an error code: its entry in {@link EXIT_CODES}, or 1. */
export function exitCodeOf(code: string): number {
    return EXIT_CODES[code] ?? EXIT_UNEXPECTED;
}
