import type { MailboxEntry } from '@spindle/chaincode/protocol';

import { eciesCipher } from './ecies-cipher';
import type { MachineSession } from '../contracts/machine-session';
import { openPacket } from './packets';
import { SpindleError } from '../errors/spindle-error';

const utf8 = new TextDecoder();

/** An inbox entry as its machine reads it: the sender's signature checked, the content decrypted. */
export interface OpenedMessage {
    messageId: string;
    recordedAt: string;
    senderId: string;
    type: MailboxEntry['packet']['type'];
    /** `signature ok`, or the code of why the entry could not be opened (SIGNATURE_INVALID, ...). */
    signature: string;
    /** The content as UTF-8 text; empty when the entry could not be opened. */
    content: string;
}

/** Every entry of a machine's inbox, all its pages, as stored (still encrypted). */
export async function readInbox(machine: MachineSession): Promise<MailboxEntry[]> {
    const entries: MailboxEntry[] = [];
    let bookmark = '';
    do {
        const page = await machine.communication.listMailbox({
            machineId: machine.machineId,
            mailbox: 'inbox',
            bookmark,
        });
        entries.push(...page.items);
        bookmark = page.bookmark;
    } while (bookmark !== '');
    return entries;
}

/**
 * Opens an inbox entry with the machine's own encryption key, after checking the sender's
 * signature against the key pool; an entry that fails says why in `signature` instead of throwing.
 */
export async function openInboxEntry(machine: MachineSession, entry: MailboxEntry): Promise<OpenedMessage> {
    const { packet } = entry;
    const base = {
        messageId: entry.messageId,
        recordedAt: entry.recordedAt,
        senderId: packet.senderId,
        type: packet.type,
    };
    try {
        const sender = await machine.registry.keys(packet.senderId);
        const plaintext = openPacket(packet, sender.signingPublicKey, machine.encryptionPrivateKeyPem, eciesCipher);
        return { ...base, signature: 'signature ok', content: utf8.decode(plaintext) };
    } catch (error) {
        const code = error instanceof SpindleError ? error.code : 'UNEXPECTED';
        return { ...base, signature: code, content: '' };
    }
}
