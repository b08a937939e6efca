import type {
    BlockEntry,
    ChainBlock,
    LotRecord,
    MailboxEntry,
    PacketType,
    SealEntry,
    TransformRecord,
} from '@spindle/chaincode/protocol';

const HASH = 'a'.repeat(64);

/** A chain entry of `type`, recorded at `recordedAt`, numbered by `index` (its message ID). */
export function chainEntry(index: number, type: PacketType, recordedAt: string): MailboxEntry {
    return {
        messageId: index.toString(16).padStart(64, '0'),
        mailbox: type === 'download' ? 'inbox' : 'outbox',
        recordedAt,
        packet: {
            version: 1,
            senderId: type === 'download' ? 'carding-a1' : 'lap-former-b1',
            receiverId: type === 'download' ? 'lap-former-b1' : 'carding-a1',
            type,
            ...(type === 'reply' ? { inReplyTo: HASH } : {}),
            nonce: `nonce-${String(index).padStart(12, '0')}`,
            timestamp: recordedAt,
            encryption: 'ecies-p256-hkdf-sha256-aes-256-gcm',
            size: 100 + index,
            payload: 'AAAA',
            signature: 'AAAA',
            inspection: HASH,
        },
    };
}

/** A block of lap-former-b1's chain. */
export function chainBlock(seq: number, entries: BlockEntry[]): ChainBlock {
    return {
        machineId: 'lap-former-b1',
        seq,
        prevHash: HASH,
        merkleRoot: HASH,
        timestamp: '2026-12-02T08:00:00.000Z',
        entries,
    };
}

/** Lap `lap-0001` that lap-former-b1 made from bale `bale-0001` in transform `form-0001`. */
export function lapWithTransform(): { lot: LotRecord; transform: TransformRecord } {
    return {
        lot: {
            lotId: 'lap-0001',
            form: 'lap',
            quantityGrams: 98_000,
            remainingGrams: 98_000,
            ownerMspId: 'MillBMSP',
            producedBy: 'form-0001',
            machineId: 'lap-former-b1',
            status: 'AVAILABLE',
            createdAt: '2026-12-02T09:00:00.000Z',
            updatedAt: '2026-12-02T09:00:00.000Z',
        },
        transform: {
            transformId: 'form-0001',
            machineId: 'lap-former-b1',
            processStep: 'lap-forming',
            inputs: [{ lotId: 'bale-0001', quantityGrams: 100_000 }],
            outputs: [{ lotId: 'lap-0001', form: 'lap', quantityGrams: 98_000 }],
            tolerancePermille: 30,
            quality: { lapWeight: 62.4, cv: 1.8, grade: 'A' },
            ownerMspId: 'MillBMSP',
            recordedAt: '2026-12-02T09:00:00.000Z',
            transactionId: 'b'.repeat(64),
        },
    };
}

/** A seal of lap-former-b1's readings 1 to 10, an entry that is not a message. */
export function sealEntry(): SealEntry {
    return {
        kind: 'seal',
        machineId: 'lap-former-b1',
        firstSeq: 1,
        lastSeq: 10,
        count: 10,
        root: HASH,
        fromTimestamp: '2026-12-02T08:00:00.000Z',
        toTimestamp: '2026-12-02T08:10:00.000Z',
    };
}
