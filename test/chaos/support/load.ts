import type { SpindleGateway, SubmitOptions } from '@spindle/client';

/** One transaction of a load: what to submit, keyed by the ledger key it writes. */
export interface LoadItem {
    key: string;
    transaction: string;
    options: SubmitOptions;
}

/** What a load saw: the transaction ID of every key whose submit succeeded, the error of every one that failed. */
export interface LoadOutcome {
    committed: Map<string, string>;
    failed: Map<string, unknown>;
}

/**
 * Submits `items` with at most `concurrency` in flight, as a busy mill would, and never stops
 * at a failure: a chaos case wants to know what happened to every single transaction.
 * `progress` is read by the case to inject its fault part-way through.
 */
export class Load {
    readonly outcome: LoadOutcome = { committed: new Map(), failed: new Map() };

    constructor(
        private readonly session: SpindleGateway,
        private readonly items: readonly LoadItem[],
    ) {}

    /** How many submits have finished, successfully or not. */
    get finished(): number {
        return this.outcome.committed.size + this.outcome.failed.size;
    }

    /** Runs the load to its end. */
    async run(concurrency: number): Promise<LoadOutcome> {
        let next = 0;
        const worker = async () => {
            while (next < this.items.length) {
                const item = this.items[next] as LoadItem;
                next += 1;
                await this.session.submit(item.transaction, item.options).then(
                    (committed) => this.outcome.committed.set(item.key, committed.transactionId),
                    (error: unknown) => this.outcome.failed.set(item.key, error),
                );
            }
        };
        await Promise.all(Array.from({ length: concurrency }, worker));
        return this.outcome;
    }
}

/** `count` public writes, `Probe:put`, under keys `<prefix>-<n>`. */
export function probePuts(prefix: string, count: number): LoadItem[] {
    return Array.from({ length: count }, (_, index) => {
        const key = `${prefix}-${String(index)}`;
        return { key, transaction: 'Probe:put', options: { args: [key, `lot ${String(index)}`] } };
    });
}
