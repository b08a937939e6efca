import {
    PACKET_TYPES,
    type Packet,
    idSchema,
    nonceSchema,
    toCanonicalBytes,
    transactionIdSchema,
} from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { SpindleError } from '../errors/spindle-error';

/**
 * The packet fields a payload is bound to: who sends it to whom, as what, under which nonce,
 * and which query it answers. A ciphertext decrypts only inside a packet with these same
 * fields, so one lifted into another packet (another sender, receiver, type, nonce or query)
 * is refused.
 */
export const payloadBindingSchema = z
    .object({
        senderId: idSchema,
        receiverId: idSchema,
        type: z.enum(PACKET_TYPES),
        nonce: nonceSchema,
        inReplyTo: transactionIdSchema.optional(),
    })
    .strict();

/** What a payload is bound to; see {@link payloadBindingSchema}. */
export type PayloadBinding = z.infer<typeof payloadBindingSchema>;

/** The binding of the packet a payload came in: always rebuilt from the packet, never from the ciphertext. */
export function payloadBindingOf(
    packet: Pick<Packet, 'senderId' | 'receiverId' | 'type' | 'nonce' | 'inReplyTo'>,
): PayloadBinding {
    return parsePayloadBinding({
        senderId: packet.senderId,
        receiverId: packet.receiverId,
        type: packet.type,
        nonce: packet.nonce,
        ...(packet.inReplyTo === undefined ? {} : { inReplyTo: packet.inReplyTo }),
    });
}

/**
 * Checks a binding at the cipher's boundary.
 *
 * @throws SpindleError INVALID_ARGUMENT when a field is missing or malformed.
 */
export function parsePayloadBinding(value: unknown): PayloadBinding {
    const parsed = payloadBindingSchema.safeParse(value);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `payload binding ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
        );
    }
    return parsed.data;
}

/**
 * The bytes both the key derivation (HKDF info) and the AEAD (GCM additional data) are bound
 * to: the RFC 8785 canonical JSON of the format version, the packet's binding (an absent
 * `inReplyTo` as the empty string, so the field is always present), and the DER SPKI of the
 * recipient's and of the ephemeral public key.
 */
export function bindingBytes(
    version: number,
    binding: PayloadBinding,
    recipientKeyDer: Uint8Array,
    ephemeralKeyDer: Uint8Array,
): Buffer {
    return Buffer.from(
        toCanonicalBytes({
            context: 'spindle packet payload',
            version,
            senderId: binding.senderId,
            receiverId: binding.receiverId,
            type: binding.type,
            nonce: binding.nonce,
            inReplyTo: binding.inReplyTo ?? '',
            recipientKey: Buffer.from(recipientKeyDer).toString('base64'),
            ephemeralKey: Buffer.from(ephemeralKeyDer).toString('base64'),
        }),
    );
}
