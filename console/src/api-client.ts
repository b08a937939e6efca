import { readEventStream, type StreamEvent } from './event-stream';

/** A refusal of the API: its problem details' code (`NOT_AUTHORIZED`, `RECEIVER_UNKNOWN`, ...) and status. */
export class ApiError extends Error {
    constructor(
        readonly code: string,
        readonly status: number,
        readonly detail: string,
    ) {
        super(`${code}: ${detail}`);
        this.name = 'ApiError';
    }
}

/** A job the API accepted (202): where to follow it. */
interface AcceptedJob {
    jobId: string;
    status: string;
    links: { events: string };
}

/**
 * The console's only way to the service: `/api/v1` calls with the user's API key, answers read
 * as JSON and refusals turned into {@link ApiError}s carrying the problem's code. The answers are
 * typed by the service's OpenAPI document, generated from the chaincode's own zod schemas; the
 * console trusts its own service and does not parse them again.
 */
export class ApiClient {
    constructor(private readonly key: string) {}

    /** A read. @throws ApiError with the problem's code. */
    async get<T>(path: string): Promise<T> {
        return (await this.call('GET', path)).body as T;
    }

    /**
     * A transaction or query run as a job: posted, then followed over its event stream, each
     * `step` handed to `onStep`, until it succeeds (its result) or fails.
     *
     * @throws ApiError with the problem's code when it is refused or fails.
     */
    async runJob<T>(path: string, body: unknown, onStep?: (step: unknown) => void, signal?: AbortSignal): Promise<T> {
        const posted = await this.call('POST', path, body);
        if (posted.status !== 202) {
            return posted.body as T;
        }
        const job = posted.body as AcceptedJob;
        let outcome: StreamEvent | undefined;
        await readEventStream(job.links.events, this.headers(), signal, (event) => {
            if (event.event === 'step') {
                onStep?.(event.data);
                return true;
            }
            outcome = event;
            return false;
        });
        if (outcome?.event === 'succeeded') {
            return outcome.data as T;
        }
        if (outcome?.event === 'failed') {
            throw errorOf(outcome.data, 500);
        }
        throw new ApiError('UNAVAILABLE', 503, `job ${job.jobId} ended without an outcome`);
    }

    private headers(): Record<string, string> {
        return { 'x-api-key': this.key, accept: 'application/json' };
    }

    private async call(
        method: 'GET' | 'POST',
        path: string,
        body?: unknown,
    ): Promise<{ status: number; body: unknown }> {
        const response = await fetch(path, {
            method,
            headers: {
                ...this.headers(),
                ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        let json: unknown = undefined;
        try {
            json = text === '' ? undefined : (JSON.parse(text) as unknown);
        } catch {
            json = text;
        }
        if (!response.ok) {
            throw errorOf(json, response.status);
        }
        return { status: response.status, body: json };
    }
}

/** An API error from a problem details body, or from whatever else came back. */
function errorOf(problem: unknown, status: number): ApiError {
    if (typeof problem === 'object' && problem !== null) {
        const fields = problem as Record<string, unknown>;
        const code = typeof fields.code === 'string' ? fields.code : 'UNEXPECTED';
        const detail = typeof fields.detail === 'string' ? fields.detail : JSON.stringify(problem);
        return new ApiError(code, typeof fields.status === 'number' ? fields.status : status, detail);
    }
    return new ApiError('UNEXPECTED', status, String(problem));
}

/** The message of any failure, the code first when it has one. */
export function describeError(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
