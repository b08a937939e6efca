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

import { SpindleError } from './spindle-error';

/** Encrypts a payload to a machine's registered encryption key and decrypts with its private key. */
export interface PayloadCipher {
    encrypt(plaintext: Uint8Array, recipientPublicKeyPem: string): Uint8Array;
    /** @throws SpindleError DECRYPTION_FAILED */
    decrypt(ciphertext: Uint8Array, recipientPrivateKeyPem: string): Uint8Array;
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
 * signs every field with the sender's key (ECDSA P-256, SHA-256, DER) and adds the inspection
 * checksum.
 */
export function buildPacket(draft: PacketDraft, cipher: PayloadCipher): Packet {
    const payload = cipher.encrypt(draft.plaintext, draft.receiverEncryptionKeyPem);
    const unsigned: UnsignedPacket = {
        version: PACKET_VERSION,
        senderId: draft.senderId,
        receiverId: draft.receiverId,
        type: draft.type,
        ...(draft.inReplyTo === undefined ? {} : { inReplyTo: draft.inReplyTo }),
        nonce: randomBytes(24).toString('base64url'),
        timestamp: (draft.now ?? new Date()).toISOString(),
        encryption: ENCRYPTION_SCHEMES[0],
        size: payload.length,
        slot: nextSlot(draft.senderId),
        payload: Buffer.from(payload).toString('base64'),
        ...(draft.senderEncryptionKeyPem === undefined
            ? {}
            : {
                  senderCopy: Buffer.from(cipher.encrypt(draft.plaintext, draft.senderEncryptionKeyPem)).toString(
                      'base64',
                  ),
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
 * Step 9: checks the sender's signature, then decrypts the payload with the receiver's key.
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
    return cipher.decrypt(Buffer.from(packet.payload, 'base64'), receiverPrivateKeyPem);
}
