import { DomainError } from './domain-error';
import { LIMITS } from './limits';
import type { Packet } from './packet';
import { parseJson, parsePacketValue } from './packet-codec';
import { sha256Hex } from './sha256';

/**
 * The message ID of the packet at `index` of a batch delivered by transaction `transactionId`:
 * hex SHA-256 of `spindle-batch-message`, the transaction ID and the index, NUL-separated. It is
 * 64 hex digits like a transaction ID, so every reader of message IDs takes it; it is the same on
 * every endorser, different for every packet of every batch, and no transaction ID can equal it
 * (that would take a SHA-256 preimage). A single `send` keeps its transaction ID as message ID.
 */
export function batchMessageId(transactionId: string, index: number): string {
    return sha256Hex(new TextEncoder().encode(`spindle-batch-message\u0000${transactionId}\u0000${index}`));
}

/**
 * Parses the transient `packets` of a batch: at most `LIMITS.batchBytes` bytes of UTF-8 JSON, an
 * array of 1 to `LIMITS.batchPacketsMax` packets, each complete (see `parsePacketValue`). A
 * refusal names the packet's index.
 *
 * @throws DomainError PAYLOAD_TOO_LARGE over either cap or a packet's payload cap;
 *   PACKET_INCOMPLETE for a missing or empty batch, or an incomplete packet.
 */
export function parsePacketBatch(bytes: Uint8Array | undefined): Packet[] {
    if (bytes === undefined || bytes.length === 0) {
        throw new DomainError('PACKET_INCOMPLETE', 'the transient map carries no packets');
    }
    if (bytes.length > LIMITS.batchBytes) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `the batch is larger than ${LIMITS.batchBytes} bytes`);
    }
    const values = parseJson(bytes, 'the batch');
    if (!Array.isArray(values) || values.length === 0) {
        throw new DomainError('PACKET_INCOMPLETE', 'the batch must be a non-empty array of packets');
    }
    if (values.length > LIMITS.batchPacketsMax) {
        throw new DomainError(
            'PAYLOAD_TOO_LARGE',
            `the batch holds ${values.length} packets, at most ${LIMITS.batchPacketsMax} are allowed`,
        );
    }
    return values.map((value: unknown, index) => inBatch(index, () => parsePacketValue(value)));
}

/**
 * Runs one packet's step of a batch; a refusal keeps its code and names the packet's index.
 *
 * @throws DomainError the step's code, its message prefixed with `packet <index> of the batch`.
 */
export function inBatch<T>(index: number, step: () => T): T {
    try {
        return step();
    } catch (error) {
        throw naming(index, error);
    }
}

/**
 * The asynchronous form of {@link inBatch}, for a packet's ledger reads and checks.
 *
 * @throws DomainError the step's code, its message prefixed with `packet <index> of the batch`.
 */
export async function inBatchAsync<T>(index: number, step: () => Promise<T>): Promise<T> {
    try {
        return await step();
    } catch (error) {
        throw naming(index, error);
    }
}

function naming(index: number, error: unknown): unknown {
    return error instanceof DomainError
        ? new DomainError(error.code, `packet ${index} of the batch: ${error.detail}`)
        : error;
}
