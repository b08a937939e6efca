/** How the API answers one error code: its HTTP status and a short title for people. */
export interface ProblemCode {
    status: number;
    title: string;
}

/**
 * Every code a problem can carry, with its HTTP status: the chaincode's codes (`ERROR_CODES`),
 * the client library's (`ClientErrorCode`, the CLI's exit codes) and the API's own
 * (`UNAUTHENTICATED`, `UNSUPPORTED_MEDIA_TYPE`). A code missing here answers 500.
 */
export const PROBLEM_CODES: Readonly<Record<string, ProblemCode>> = {
    INVALID_ARGUMENT: { status: 400, title: 'The request does not parse or breaks a rule of its schema' },
    PACKET_INCOMPLETE: { status: 400, title: 'The packet is incomplete' },
    MACHINE_TYPE_UNKNOWN: { status: 400, title: 'Unknown machine type' },
    TRACE_TOKEN_INVALID: { status: 400, title: "The trace's continuation token is invalid" },
    QUESTION_INVALID: { status: 400, title: 'The question does not parse' },
    UNAUTHENTICATED: { status: 401, title: 'No valid API key' },
    NOT_AUTHORIZED: { status: 403, title: "The client's identity may not do this" },
    IDENTITY_REFUSED: { status: 403, title: "The peer refused the client's identity" },
    NOT_FOUND: { status: 404, title: 'Not found' },
    CONFLICT: { status: 409, title: 'It exists already' },
    STATE_INVALID: { status: 409, title: 'Not allowed in the current status' },
    COLLECTION_MISSING: { status: 409, title: "The machine's private data collection is not defined yet" },
    SEAL_DISCONTINUOUS: { status: 409, title: "The seal does not continue the machine's sealed readings" },
    COMMIT_FAILED: { status: 409, title: 'The transaction was invalidated at commit' },
    PAYLOAD_TOO_LARGE: { status: 413, title: 'Over a size cap' },
    UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Send application/json' },
    RECEIVER_UNKNOWN: { status: 422, title: 'The receiver is not registered or not ACTIVE' },
    SIGNATURE_INVALID: { status: 422, title: 'The signature does not verify' },
    REPLAYED: { status: 422, title: 'The packet was sent before' },
    EXPIRED: { status: 422, title: "The packet's time is outside the window" },
    CONSERVATION_VIOLATED: { status: 422, title: "The transform's outputs are not conserved" },
    QUANTITY_EXCEEDED: { status: 422, title: 'The transform consumes more than a lot holds' },
    QUESTION_UNSUPPORTED: { status: 422, title: 'The machine cannot answer this question' },
    QUERY_DENIED: { status: 422, title: 'The machine asked denied the query' },
    QUERY_FAILED: { status: 422, title: 'The query failed' },
    DECRYPTION_FAILED: { status: 422, title: 'The content does not decrypt' },
    RATE_LIMITED: { status: 429, title: "The machine used up its current rate window's transactions" },
    UNEXPECTED: { status: 500, title: 'Unexpected error' },
    IDENTITY_MISSING: { status: 500, title: "The service's wallet lacks the client's identity" },
    WALLET_INVALID: { status: 500, title: "The service's wallet is invalid" },
    OPCUA_CONFIG_INVALID: { status: 500, title: "A machine's OPC UA configuration is invalid" },
    CA_MISSING: { status: 500, title: "The gateway profile names no fabric-ca (a cryptogen network's)" },
    ENDORSEMENT_FAILED: { status: 502, title: 'Endorsement failed' },
    NETWORK_FAILED: { status: 503, title: 'The network failed' },
    UNAVAILABLE: { status: 503, title: 'The peer is unavailable' },
    TIMEOUT: { status: 504, title: 'Timed out' },
};

/** The status and title of a code; an unknown code is an unexpected error (500). */
export function problemCodeOf(code: string): ProblemCode {
    return PROBLEM_CODES[code] ?? { status: 500, title: 'Unexpected error' };
}
