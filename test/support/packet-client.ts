import { randomBytes, sign } from 'node:crypto';
import {
    ENCRYPTION_SCHEMES,
    LIMITS,
    PACKET_VERSION,
    TRANSIENT_PACKET,
    TRANSIENT_PACKETS,
    computeInspection,
    toCanonicalBytes,
    signingInput,
    toPacketBytes,
    type Packet,
    type PacketType,
    type SignedPacket,
    type UnsignedPacket,
} from '@spindle/chaincode/protocol';

/** What a test packet says; everything else gets a sensible default. */
export interface PacketDraft {
    senderId: string;
    receiverId: string;
    type: PacketType;
    /** When the packet is stamped: the ledger's time, not the test machine's. */
    timestamp: Date;
    inReplyTo?: string;
    /** Stand-in ciphertext; random bytes by default. The chaincode never decrypts. */
    payload?: Uint8Array;
    senderCopy?: Uint8Array;
    nonce?: string;
    /** The rate-limit slot hint; by default the next of a counter, as the Spindle client does. */
    slot?: number;
}

let nextSlot = 0;

/** A fresh nonce: 24 random bytes, base64url. */
export function newNonce(): string {
    return randomBytes(24).toString('base64url');
}

/** The unsigned packet of a draft. */
export function draftPacket(draft: PacketDraft): UnsignedPacket {
    const payload = draft.payload ?? randomBytes(96);
    return {
        version: PACKET_VERSION,
        senderId: draft.senderId,
        receiverId: draft.receiverId,
        type: draft.type,
        ...(draft.inReplyTo === undefined ? {} : { inReplyTo: draft.inReplyTo }),
        nonce: draft.nonce ?? newNonce(),
        timestamp: draft.timestamp.toISOString(),
        encryption: ENCRYPTION_SCHEMES[0],
        size: payload.length,
        slot: draft.slot ?? nextSlot++ % LIMITS.rateSlotsPerWindow,
        payload: Buffer.from(payload).toString('base64'),
        ...(draft.senderCopy === undefined ? {} : { senderCopy: Buffer.from(draft.senderCopy).toString('base64') }),
    };
}

/** Signs an unsigned packet with a P-256 key (PKCS#8 PEM): ECDSA, SHA-256, DER. */
export function signPacket(unsigned: UnsignedPacket, privateKeyPem: string): SignedPacket {
    const signature = sign('sha256', signingInput(unsigned), { key: privateKeyPem, dsaEncoding: 'der' });
    return { ...unsigned, signature: signature.toString('base64') };
}

/** Adds the inspection checksum. */
export function inspectPacket(signed: SignedPacket): Packet {
    return { ...signed, inspection: computeInspection(signed) };
}

/** A complete, signed packet from a draft: what a machine's agent submits. */
export function buildPacket(draft: PacketDraft, privateKeyPem: string): Packet {
    return inspectPacket(signPacket(draftPacket(draft), privateKeyPem));
}

/** The transient map that carries a packet (or any bytes posing as one). */
export function packetTransient(packet: Packet | Uint8Array | string): Record<string, Uint8Array> {
    const bytes =
        typeof packet === 'string'
            ? Buffer.from(packet, 'utf8')
            : packet instanceof Uint8Array
              ? packet
              : toPacketBytes(packet);
    return { [TRANSIENT_PACKET]: bytes };
}

/** The transient map that carries a batch of packets (or any bytes posing as one). */
export function batchTransient(packets: readonly Packet[] | Uint8Array): Record<string, Uint8Array> {
    return { [TRANSIENT_PACKETS]: packets instanceof Uint8Array ? packets : toCanonicalBytes(packets) };
}
