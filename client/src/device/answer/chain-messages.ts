import {
    messageEntriesOf,
    type ChainBlock,
    type ChainMessage,
    type MessagesQuestion,
} from '@spindle/chaincode/protocol';

/**
 * The entries of `blocks` a `messages` question asks for: recorded in `[from, to)`, of its type
 * when it names one, oldest first (by block, then entry), without content; seals of the device
 * area are not messages and are skipped. Pure.
 */
export function chainMessages(blocks: readonly ChainBlock[], question: MessagesQuestion): ChainMessage[] {
    const from = Date.parse(question.from);
    const to = Date.parse(question.to);
    return [...blocks]
        .sort((a, b) => a.seq - b.seq)
        .flatMap((block) =>
            messageEntriesOf(block.entries).map((entry) => ({
                blockSeq: block.seq,
                messageId: entry.messageId,
                mailbox: entry.mailbox,
                type: entry.packet.type,
                senderId: entry.packet.senderId,
                receiverId: entry.packet.receiverId,
                recordedAt: entry.recordedAt,
                size: entry.packet.size,
            })),
        )
        .filter((message) => {
            const at = Date.parse(message.recordedAt);
            return at >= from && at < to && (question.type === undefined || message.type === question.type);
        });
}
