import { z } from 'zod';
import { idSchema, sha256HexSchema, timestampSchema, transactionIdSchema } from './identifiers';
import { LIMITS } from './limits';

/**
 * Packet types: `upload` (collected local data) and `download` (protocol, orders, parameter
 * settings) are plain messages; `query` and `reply` are the two halves of the query flow.
 */
export const PACKET_TYPES = ['upload', 'download', 'query', 'reply'] as const;

/** A packet type. */
export type PacketType = (typeof PACKET_TYPES)[number];

/**
 * Encryption schemes a payload may use. The only one is ECIES: an ephemeral P-256 ECDH key
 * agreement, HKDF-SHA256 and AES-256-GCM, to the receiver's registered encryption key.
 */
export const ENCRYPTION_SCHEMES = ['ecies-p256-hkdf-sha256-aes-256-gcm'] as const;

/** The packet format version. */
export const PACKET_VERSION = 1;

const base64Schema = z
    .string()
    .min(1)
    .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/, 'must be base64');

/** Nonce: 16 to 64 base64url characters, unique per sender. */
export const nonceSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16 to 64 base64url characters');

const packetShape = {
    version: z.literal(PACKET_VERSION),
    senderId: idSchema,
    receiverId: idSchema,
    type: z.enum(PACKET_TYPES),
    /** The query a `reply` answers (the query's transaction ID); absent on every other type. */
    inReplyTo: transactionIdSchema.optional(),
    nonce: nonceSchema,
    /** When the sender built the packet; checked against the transaction timestamp. */
    timestamp: timestampSchema,
    encryption: z.enum(ENCRYPTION_SCHEMES),
    /** Decoded byte length of `payload`. */
    size: z
        .number()
        .int()
        .min(1)
        .max(LIMITS.payloadBytes * 2),
    /**
     * The sender's hint where its rate-limit slot search starts (see ledger/rate-store.ts): a
     * sender that numbers its packets never has two of them race for one slot. Optional.
     */
    slot: z
        .number()
        .int()
        .min(0)
        .max(LIMITS.rateSlotsPerWindow - 1)
        .optional(),
    /** The ciphertext for the receiver, base64. */
    payload: base64Schema,
    /** The same plaintext encrypted to the sender, for its outbox copy, base64. */
    senderCopy: base64Schema.optional(),
    /** Base64 of the sender's ASN.1 DER ECDSA P-256 / SHA-256 signature over `signingInput`. */
    signature: base64Schema.max(200),
    /** Hex SHA-256 over the canonical bytes of the packet without `inspection`. */
    inspection: sha256HexSchema,
};

/**
 * The packet of the paper's Figures 6 and 7: receiver ID, sender ID, the sender's signature, the
 * encrypted data and the inspection information, plus what replay protection needs.
 */
export const packetSchema = z
    .object(packetShape)
    .strict()
    .refine((packet) => (packet.type === 'reply') === (packet.inReplyTo !== undefined), {
        message: 'inReplyTo is required on a reply and forbidden on every other type',
        path: ['inReplyTo'],
    });

/** A complete packet. */
export type Packet = z.infer<typeof packetSchema>;

/** A packet before its signature and inspection are added. */
export type UnsignedPacket = Omit<Packet, 'signature' | 'inspection'>;

/** A signed packet before its inspection is added. */
export type SignedPacket = Omit<Packet, 'inspection'>;
