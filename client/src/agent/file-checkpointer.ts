import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChaincodeEvent, Checkpointer } from '@hyperledger/fabric-gateway';
import { z } from 'zod';

import { SpindleError } from '../errors/spindle-error';

const stateSchema = z.object({ blockNumber: z.string().regex(/^\d+$/), transactionId: z.string().optional() }).strict();

/**
 * A durable event checkpoint: the last event an agent finished handling, so that after a crash
 * it resumes right after it, missing nothing and handling nothing twice. Each update is written
 * to a temporary file, flushed, and renamed over the old one, so a crash at any moment leaves
 * either the old or the new checkpoint, never a torn one.
 */
export class FileCheckpointer implements Checkpointer {
    private blockNumber: bigint | undefined;
    private transactionId: string | undefined;

    private constructor(private readonly file: string) {}

    /**
     * Opens the checkpoint file, or starts an empty checkpoint if there is none.
     *
     * @throws SpindleError INVALID_ARGUMENT when the file holds something else.
     */
    static open(file: string): FileCheckpointer {
        const checkpointer = new FileCheckpointer(file);
        if (existsSync(file)) {
            const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
            if (!parsed.success) {
                throw new SpindleError('INVALID_ARGUMENT', `${file} is not an agent checkpoint`);
            }
            checkpointer.blockNumber = BigInt(parsed.data.blockNumber);
            checkpointer.transactionId = parsed.data.transactionId;
        }
        return checkpointer;
    }

    getBlockNumber(): bigint | undefined {
        return this.blockNumber;
    }

    getTransactionId(): string | undefined {
        return this.transactionId;
    }

    checkpointBlock(blockNumber: bigint): Promise<void> {
        this.save(blockNumber + 1n, undefined);
        return Promise.resolve();
    }

    checkpointTransaction(blockNumber: bigint, transactionId: string): Promise<void> {
        this.save(blockNumber, transactionId);
        return Promise.resolve();
    }

    checkpointChaincodeEvent(event: ChaincodeEvent): Promise<void> {
        return this.checkpointTransaction(event.blockNumber, event.transactionId);
    }

    private save(blockNumber: bigint, transactionId: string | undefined): void {
        const state = JSON.stringify({
            blockNumber: blockNumber.toString(),
            ...(transactionId === undefined ? {} : { transactionId }),
        });
        const temporary = `${this.file}.tmp`;
        const fd = openSync(temporary, 'w', 0o600);
        try {
            writeSync(fd, state);
            fsyncSync(fd);
        } finally {
            closeSync(fd);
        }
        renameSync(temporary, this.file);
        const directory = openSync(dirname(this.file), 'r');
        try {
            fsyncSync(directory);
        } finally {
            closeSync(directory);
        }
        this.blockNumber = blockNumber;
        this.transactionId = transactionId;
    }
}
