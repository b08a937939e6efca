/**
 * Packets between machines: building, signing and opening them, the payload's binding and padding,
 * the ECIES cipher, sending one message or a batch, reading the inbox, and archiving delivered
 * packets into the communication chain.
 */
export {
    buildPacket,
    decryptPayload,
    decryptSenderCopy,
    isSignedBy,
    openPacket,
    type PacketDraft,
    type PayloadCipher,
} from './packets';
export {
    bindingBytes,
    parsePayloadBinding,
    payloadBindingOf,
    payloadBindingSchema,
    type PayloadBinding,
} from './payload-binding';
export { MIN_PADDED_BYTES, padPlaintext, paddedLength, unpadPlaintext } from './payload-padding';
export {
    CIPHERTEXT_OVERHEAD_BYTES,
    CIPHERTEXT_VERSION,
    MAX_PADDED_PLAINTEXT_BYTES,
    eciesCipher,
    newEncryptionKeyPair,
    type EncryptionKeyPair,
} from './ecies-cipher';
export { sendMessage } from './send-message';
export { batchesOf, sendBatch, type BatchMessage } from './batch-delivery';
export { openInboxEntry, readInbox, type OpenedMessage } from './inbox';
export { appendToChain, archiveMailboxes, type ArchiveResult } from './mailbox-archive';
