/** A response read whole: status, headers and the body as JSON (undefined when it is not). */
export interface ApiResponse {
    status: number;
    headers: Headers;
    body: Record<string, unknown>;
}

/** Calls the service at `base` with an API key (none when undefined). */
export async function call(
    base: string,
    method: string,
    path: string,
    key: string | undefined,
    options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiResponse> {
    const response = await fetch(`${base}${path}`, {
        method,
        headers: {
            ...(key === undefined ? {} : { 'x-api-key': key }),
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
        },
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
        body = JSON.parse(text) as Record<string, unknown>;
    } catch {
        body = { text };
    }
    return { status: response.status, headers: response.headers, body };
}

/** One Server-Sent Event as received. */
export interface ReceivedEvent {
    id?: string;
    event: string;
    data: unknown;
}

/**
 * Reads an event stream until `until` says stop (or the server ends it, or `timeoutMs` passes),
 * calling `onOpen` once the stream answered.
 */
export async function readEvents(
    url: string,
    key: string,
    until: (event: ReceivedEvent, all: ReceivedEvent[]) => boolean,
    timeoutMs: number,
): Promise<ReceivedEvent[]> {
    const abort = new AbortController();
    const timer = setTimeout(() => {
        abort.abort();
    }, timeoutMs);
    const events: ReceivedEvent[] = [];
    try {
        const response = await fetch(url, { headers: { 'x-api-key': key }, signal: abort.signal });
        if (response.body === null) {
            return events;
        }
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
                const event = parseEvent(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
                if (event !== undefined) {
                    events.push(event);
                    if (until(event, events)) {
                        return events;
                    }
                }
                end = buffer.indexOf('\n\n');
            }
        }
    } catch (error) {
        if (!abort.signal.aborted) {
            throw error;
        }
    } finally {
        clearTimeout(timer);
        abort.abort();
    }
    return events;
}

function parseEvent(block: string): ReceivedEvent | undefined {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
        const match = /^(id|event|data): (.*)$/.exec(line);
        if (match?.[1] !== undefined && match[2] !== undefined) {
            fields.set(match[1], match[2]);
        }
    }
    const data = fields.get('data');
    if (data === undefined) {
        return undefined;
    }
    const id = fields.get('id');
    return {
        event: fields.get('event') ?? 'message',
        data: JSON.parse(data) as unknown,
        ...(id === undefined ? {} : { id }),
    };
}
