import type { FastifyRequest } from 'fastify';

import type { Principal } from '../auth/principal';
import type { SpindlePort } from '../fabric/spindle-port';
import type { JobStore } from '../jobs/job-store';
import type { ApiMetrics } from '../metrics/api-metrics';

/** What every route handler of the service shares. */
export interface ServiceContext {
    port: SpindlePort;
    jobs: JobStore;
    metrics: ApiMetrics;
    /** The most a `Prefer: wait` is honoured for, in seconds. */
    maxWaitSeconds: number;
}

/** The path of a job. */
export function jobPath(jobId: string): string {
    return `/api/v1/jobs/${jobId}`;
}

/** The principal of an authenticated request (the auth hook ran before every non-public route). */
export type PrincipalOf = (request: FastifyRequest) => Principal;
