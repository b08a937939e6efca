import { randomBytes, sign } from 'node:crypto';
import {
    ENCRYPTION_SCHEMES,
    LIMITS,
    PACKET_VERSION,
    type Packet,
    type PacketType,
    type UnsignedPacket,
    computeInspection,
    signingInput,
    verifyPacketSignature,
} from '@spindle/chaincode/protocol';

import { type PayloadBinding, payloadBindingOf } from './payload-binding';
import { SpindleError } from '../errors/spindle-error';

/**
 * Encrypts a payload to a machine's registered encryption key and decrypts with its private
 * key, bound to the packet it travels in: a ciphertext decrypts only with the binding it was
 * made for, which the decrypting side rebuilds from the packet it came in.
 */
export interface PayloadCipher {
    /** @throws SpindleError INVALID_ARGUMENT (a key or binding), PAYLOAD_TOO_LARGE */
    encrypt(plaintext: Uint8Array, recipientPublicKeyPem: string, binding: PayloadBinding): Uint8Array;
    /** @throws SpindleError DECRYPTION_FAILED */
    decrypt(ciphertext: Uint8Array, recipientPrivateKeyPem: string, binding: PayloadBinding): Uint8Array;
}

/** What a machine wants to say, to whom, and the keys it takes. */
export interface PacketDraft {
    senderId: string;
    receiverId: string;
    type: PacketType;
    /** The query a reply answers. */
    inReplyTo?: string;
    plaintext: Uint8Array;
    /** The receiver's encryption public key, from the key pool. */
    receiverEncryptionKeyPem: string;
    /** The sender's own encryption public key, for its outbox copy. */
    senderEncryptionKeyPem?: string;
    /** The sender's enrollment private key: the key pool holds its public half. */
    signingKeyPem: string;
    /** The timestamp the packet carries; the chaincode checks it against the transaction time. */
    now?: Date;
}

const nextSlots = new Map<string, number>();

/**
 * The rate-limit slot hint of a sender's next packet: a counter per sender from a random start,
 * so this process's concurrent packets of one sender never race for one slot of the chaincode's
 * rate window (an MVCC conflict), while the chaincode still caps how many slots a window has.
 */
function nextSlot(senderId: string): number {
    const slot = nextSlots.get(senderId) ?? randomBytes(2).readUInt16BE() % LIMITS.rateSlotsPerWindow;
    nextSlots.set(senderId, (slot + 1) % LIMITS.rateSlotsPerWindow);
    return slot;
}

/**
 * Step 1 (and 6): encrypts the plaintext to the receiver (and to the sender, for its outbox),
 * both bound to this packet's sender, receiver, type, nonce and reply-to, signs every field with
 * the sender's key (ECDSA P-256, SHA-256, DER) and adds the inspection checksum.
 *
 * @throws SpindleError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE (from the cipher)
 */
export function buildPacket(draft: PacketDraft, cipher: PayloadCipher): Packet {
    const binding = payloadBindingOf({
        senderId: draft.senderId,
        receiverId: draft.receiverId,
        type: draft.type,
        nonce: randomBytes(24).toString('base64url'),
        inReplyTo: draft.inReplyTo,
    });
    const payload = cipher.encrypt(draft.plaintext, draft.receiverEncryptionKeyPem, binding);
    const unsigned: UnsignedPacket = {
        version: PACKET_VERSION,
        senderId: binding.senderId,
        receiverId: binding.receiverId,
        type: binding.type,
        ...(binding.inReplyTo === undefined ? {} : { inReplyTo: binding.inReplyTo }),
        nonce: binding.nonce,
        timestamp: (draft.now ?? new Date()).toISOString(),
        encryption: ENCRYPTION_SCHEMES[0],
        size: payload.length,
        slot: nextSlot(draft.senderId),
        payload: Buffer.from(payload).toString('base64'),
        ...(draft.senderEncryptionKeyPem === undefined
            ? {}
            : {
                  senderCopy: Buffer.from(
                      cipher.encrypt(draft.plaintext, draft.senderEncryptionKeyPem, binding),
                  ).toString('base64'),
              }),
    };
    const signature = sign('sha256', signingInput(unsigned), { key: draft.signingKeyPem, dsaEncoding: 'der' });
    const signed = { ...unsigned, signature: signature.toString('base64') };
    return { ...signed, inspection: computeInspection(signed) };
}

/** Whether a packet's signature is the sender's, by its key-pool signing key (steps 5 and 9). */
export function isSignedBy(packet: Packet, senderSigningPublicKeyPem: string): boolean {
    return verifyPacketSignature(packet, senderSigningPublicKeyPem);
}

/**
 * Decrypts the payload of a packet with the receiver's key, bound to that packet's own fields.
 * The caller judges the signature first (see {@link openPacket}).
 *
 * @throws SpindleError DECRYPTION_FAILED
 */
export function decryptPayload(packet: Packet, receiverPrivateKeyPem: string, cipher: PayloadCipher): Uint8Array {
    return cipher.decrypt(Buffer.from(packet.payload, 'base64'), receiverPrivateKeyPem, payloadBindingOf(packet));
}

/**
 * Decrypts the sender's outbox copy of a packet with the sender's own key, bound to the packet
 * just as the receiver's payload is.
 *
 * @throws SpindleError DECRYPTION_FAILED, also when the packet carries no sender copy.
 */
export function decryptSenderCopy(packet: Packet, senderPrivateKeyPem: string, cipher: PayloadCipher): Uint8Array {
    if (packet.senderCopy === undefined) {
        throw new SpindleError('DECRYPTION_FAILED', 'the packet carries no copy for its sender');
    }
    return cipher.decrypt(Buffer.from(packet.senderCopy, 'base64'), senderPrivateKeyPem, payloadBindingOf(packet));
}

/**
 * Step 9: checks the sender's signature, then decrypts the payload with the receiver's key,
 * bound to the packet it came in.
 *
 * @throws SpindleError SIGNATURE_INVALID, DECRYPTION_FAILED
 */
export function openPacket(
    packet: Packet,
    senderSigningPublicKeyPem: string,
    receiverPrivateKeyPem: string,
    cipher: PayloadCipher,
): Uint8Array {
    if (!isSignedBy(packet, senderSigningPublicKeyPem)) {
        throw new SpindleError('SIGNATURE_INVALID', `the packet is not signed by ${packet.senderId}'s registered key`);
    }
    return decryptPayload(packet, receiverPrivateKeyPem, cipher);
}
