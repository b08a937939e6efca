import { type Delivery, type DeliverySender, packetOf } from './delivery-sender';

/** Whose packets share a transaction: one machine's, or every machine's of one mill (its edge box). */
export type BatchScope = 'machine' | 'mill';

/** Submits one batch of deliveries as one transaction; resolves with its outcome (`VALID` or a code). */
export type BatchSubmit = (deliveries: readonly Delivery[]) => Promise<string>;

/** How deliveries are held and grouped before they go. */
export interface BatchingOptions {
    /** A group goes this long after its first delivery arrived... */
    windowMs: number;
    /** ...or as soon as it holds this many. */
    maxPackets: number;
    scope: BatchScope;
    submit: BatchSubmit;
}

interface Held {
    delivery: Delivery;
    resolve: (outcome: string) => void;
}

/**
 * Batched deliveries (issue 15 item 2): deliveries are held per machine (or per mill, as an
 * edge box would) for a short window and go as one transaction; each delivery's outcome is its
 * batch's, and its latency runs from its own arrival, so the window's wait counts.
 */
export function batchingSender(options: BatchingOptions): DeliverySender {
    const groups = new Map<string, { held: Held[]; timer: NodeJS.Timeout }>();
    const inFlight = new Set<Promise<void>>();
    const flush = (key: string): void => {
        const group = groups.get(key);
        if (group === undefined) {
            return;
        }
        groups.delete(key);
        clearTimeout(group.timer);
        const sent = options
            .submit(group.held.map((held) => held.delivery))
            .catch((error: unknown) => codeOf(error))
            .then((outcome) => {
                for (const held of group.held) {
                    held.resolve(outcome);
                }
            });
        inFlight.add(sent);
        void sent.finally(() => inFlight.delete(sent));
    };
    return {
        name: `batch (${options.windowMs} ms window, up to ${options.maxPackets} packets per ${options.scope})`,
        deliver(delivery) {
            const key = options.scope === 'machine' ? delivery.sender.machineId : delivery.sender.mspId;
            return new Promise<string>((resolve) => {
                let group = groups.get(key);
                if (group === undefined) {
                    group = {
                        held: [],
                        timer: setTimeout(() => {
                            flush(key);
                        }, options.windowMs),
                    };
                    groups.set(key, group);
                }
                group.held.push({ delivery, resolve });
                if (group.held.length >= options.maxPackets) {
                    flush(key);
                }
            });
        },
        async close() {
            for (const key of [...groups.keys()]) {
                flush(key);
            }
            await Promise.all(inFlight);
        },
    };
}

/**
 * The submit of batched deliveries: one `Communication:sendBatch` (`CommunicationClient.sendBatch`)
 * as the batch's machine, whose packets they all are (scope `machine`). A batch of several
 * machines of a mill goes through the mill's edge instead (mill-edges.ts).
 *
 * @throws Error CONFIG_INVALID (from the returned submit) for a batch of several machines.
 */
export function sendBatchSubmit(): BatchSubmit {
    return async (deliveries) => {
        const first = deliveries[0];
        if (first === undefined) {
            return 'VALID';
        }
        if (deliveries.some((delivery) => delivery.sender !== first.sender)) {
            throw new Error('CONFIG_INVALID: a batch of several machines needs their mill edge identity');
        }
        await first.sender.session.communication.sendBatch(deliveries.map(packetOf));
        return 'VALID';
    };
}

function codeOf(error: unknown): string {
    if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
        return error.code;
    }
    return error instanceof Error ? (/^([A-Z_]+):/.exec(error.message)?.[1] ?? error.name) : 'ERROR';
}
