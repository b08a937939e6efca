import { toCanonicalBytes } from './canonical-json';
import { DomainError } from './domain-error';
import { LIMITS } from './limits';
import { Packet, SignedPacket, UnsignedPacket, packetSchema } from './packet';
import { verifySignature } from './public-keys';
import { sha256Hex } from './sha256';

/**
 * The bytes a sender signs: the RFC 8785 canonical JSON of the packet without `signature` and
 * `inspection`. Every other field, receiver, nonce and timestamp included, is covered, so a
 * receiver cannot forward a packet to a third machine as if it came from the sender.
 */
export function signingInput(packet: UnsignedPacket): Uint8Array {
    const unsigned: Record<string, unknown> = { ...packet };
    delete unsigned.signature;
    delete unsigned.inspection;
    return toCanonicalBytes(unsigned);
}

/**
 * The inspection checksum (the paper's "inspection information"): hex SHA-256 over the RFC 8785
 * canonical JSON of the packet without `inspection`. It covers the signature too, so a packet
 * damaged anywhere in transit is incomplete (step 2), before its signature is judged (step 5).
 */
export function computeInspection(packet: SignedPacket): string {
    const signed: Record<string, unknown> = { ...packet };
    delete signed.inspection;
    return sha256Hex(toCanonicalBytes(signed));
}

/** Whether the packet's signature verifies against the sender's SPKI PEM public key. */
export function verifyPacketSignature(packet: Packet, publicKeyPem: string): boolean {
    return verifySignature(publicKeyPem, signingInput(packet), packet.signature);
}

/** The canonical bytes of a packet, as it is carried in the transient map and stored. */
export function toPacketBytes(packet: Packet): Uint8Array {
    return toCanonicalBytes(packet);
}

/**
 * Parses and checks the completeness of a packet (step 2 and 7 of the query flow): size cap,
 * UTF-8 JSON, schema, payload size against `size`, and the inspection checksum. It does not
 * judge the signature, the sender or the receiver.
 *
 * @throws DomainError PAYLOAD_TOO_LARGE over `LIMITS.packetBytes` or `LIMITS.payloadBytes`;
 *   PACKET_INCOMPLETE for anything else wrong.
 */
export function parsePacket(bytes: Uint8Array | undefined): Packet {
    if (bytes === undefined || bytes.length === 0) {
        throw new DomainError('PACKET_INCOMPLETE', 'the transient map carries no packet');
    }
    if (bytes.length > LIMITS.packetBytes) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `the packet is larger than ${LIMITS.packetBytes} bytes`);
    }
    return parsePacketValue(parseJson(bytes));
}

/**
 * Checks the completeness of a packet already parsed from JSON (one element of a batch): schema,
 * payload size against `size`, and the inspection checksum, as {@link parsePacket} does.
 *
 * @throws DomainError PAYLOAD_TOO_LARGE over `LIMITS.payloadBytes`; PACKET_INCOMPLETE otherwise.
 */
export function parsePacketValue(value: unknown): Packet {
    const packet = packetSchema.safeParse(value);
    if (!packet.success) {
        const issue = packet.error.issues[0];
        const where = issue === undefined ? 'packet' : issue.path.join('.') || 'packet';
        throw new DomainError('PACKET_INCOMPLETE', `${where}: ${issue?.message ?? 'invalid'}`);
    }
    assertPayloadSizes(packet.data);
    if (computeInspection(packet.data) !== packet.data.inspection) {
        throw new DomainError('PACKET_INCOMPLETE', 'the inspection checksum does not match the packet');
    }
    return packet.data;
}

/**
 * Parses UTF-8 JSON from the transient map.
 *
 * @throws DomainError PACKET_INCOMPLETE when it is not UTF-8 JSON.
 */
export function parseJson(bytes: Uint8Array, what = 'the packet'): unknown {
    try {
        return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
    } catch {
        throw new DomainError('PACKET_INCOMPLETE', `${what} is not UTF-8 JSON`);
    }
}

function assertPayloadSizes(packet: Packet): void {
    const payloadBytes = Buffer.from(packet.payload, 'base64').length;
    const copyBytes = packet.senderCopy === undefined ? 0 : Buffer.from(packet.senderCopy, 'base64').length;
    if (payloadBytes > LIMITS.payloadBytes || copyBytes > LIMITS.payloadBytes) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `a payload is larger than ${LIMITS.payloadBytes} bytes`);
    }
    if (payloadBytes !== packet.size) {
        throw new DomainError('PACKET_INCOMPLETE', `size says ${packet.size} bytes, the payload has ${payloadBytes}`);
    }
}
