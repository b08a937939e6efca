/** One Server-Sent Event: its name and its data read as JSON (as text when it is not). */
export interface StreamEvent {
    id?: string;
    event: string;
    data: unknown;
}

/**
 * Reads a Server-Sent Events stream with fetch, since `EventSource` cannot send the API key
 * header. `onEvent` returns whether to go on; the stream is dropped when it says no, when the
 * server ends it or when `signal` aborts.
 */
export async function readEventStream(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    onEvent: (event: StreamEvent) => boolean,
): Promise<void> {
    const abort = new AbortController();
    signal?.addEventListener('abort', () => {
        abort.abort();
    });
    const response = await fetch(url, { headers: { ...headers, accept: 'text/event-stream' }, signal: abort.signal });
    if (!response.ok || response.body === null) {
        throw new Error(`UNAVAILABLE: the event stream answered ${response.status}`);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
        for (;;) {
            const { value, done } = await reader.read();
            if (done) {
                return;
            }
            buffer += value.replace(/\r\n?/g, '\n');
            let end = buffer.indexOf('\n\n');
            while (end >= 0) {
                const event = parseEvent(buffer.slice(0, end));
                buffer = buffer.slice(end + 2);
                if (event !== undefined && !onEvent(event)) {
                    return;
                }
                end = buffer.indexOf('\n\n');
            }
        }
    } finally {
        abort.abort();
    }
}

/** One event's lines: `event:`, `id:` and `data:` (joined by newlines); comments and keep-alives give none. */
export function parseEvent(text: string): StreamEvent | undefined {
    let name = 'message';
    let id: string | undefined;
    const data: string[] = [];
    for (const line of text.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0 || line === '') {
            continue;
        }
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') {
            name = value;
        } else if (field === 'id') {
            id = value;
        } else if (field === 'data') {
            data.push(value);
        }
    }
    if (data.length === 0) {
        return undefined;
    }
    const joined = data.join('\n');
    let parsed: unknown = joined;
    try {
        parsed = JSON.parse(joined) as unknown;
    } catch {
        // Not JSON: keep the text.
    }
    return { event: name, data: parsed, ...(id === undefined ? {} : { id }) };
}
