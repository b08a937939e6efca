import type { FastifyReply, FastifyRequest } from 'fastify';

/** One Server-Sent Event. */
export interface SseEvent {
    id?: string;
    event?: string;
    data: unknown;
}

/**
 * The wire form of an event: `id:`, `event:` and one `data:` line of JSON, then a blank line.
 * Newlines in the id or name would end the field, so they are refused.
 */
export function formatSseEvent(event: SseEvent): string {
    for (const field of [event.id, event.event]) {
        if (field !== undefined && /[\r\n]/.test(field)) {
            throw new Error('UNEXPECTED: an SSE id or event name holds a newline');
        }
    }
    return [
        ...(event.id === undefined ? [] : [`id: ${event.id}`]),
        ...(event.event === undefined ? [] : [`event: ${event.event}`]),
        `data: ${JSON.stringify(event.data)}`,
        '',
        '',
    ].join('\n');
}

/** An open event stream to one client. */
export interface EventStream {
    send(event: SseEvent): void;
    /** Ends the stream from the server's side. */
    close(): void;
    /** Resolves when the stream ended, by either side. */
    readonly closed: Promise<void>;
}

/** How often a comment line keeps idle proxies from closing the stream. */
const HEARTBEAT_MS = 15_000;

/**
 * Takes over a reply as `text/event-stream`: no buffering by proxies, a comment every 15 s,
 * `retry` advice for the client's reconnect.
 */
export function openEventStream(request: FastifyRequest, reply: FastifyReply): EventStream {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    let ended = false;
    let resolveClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
        resolveClosed = resolve;
    });
    const heartbeat = setInterval(() => {
        raw.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    const end = (): void => {
        if (!ended) {
            ended = true;
            clearInterval(heartbeat);
            raw.end();
            resolveClosed();
        }
    };
    request.raw.once('close', end);
    return {
        send(event) {
            if (!ended) {
                raw.write(formatSseEvent(event));
            }
        },
        close: end,
        closed,
    };
}

/**
 * The seconds a client will wait for a job's outcome, from RFC 7240's `Prefer: wait=<s>`,
 * capped at `max`; 0 when it asked for none.
 */
export function preferredWaitSeconds(prefer: string | string[] | undefined, max: number): number {
    const values = Array.isArray(prefer) ? prefer : prefer === undefined ? [] : [prefer];
    for (const value of values) {
        const match = /(?:^|[,;\s])wait\s*=\s*"?(\d{1,6})"?/i.exec(value);
        if (match?.[1] !== undefined) {
            return Math.min(Number(match[1]), max);
        }
    }
    return 0;
}
