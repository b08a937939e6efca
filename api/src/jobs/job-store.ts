import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

import type { Problem } from '../problems/problem';

/** Where a job is: running, or finished with a result or a problem. */
export type JobStatus = 'running' | 'succeeded' | 'failed';

/** What happened to a job, in order: its steps, then exactly one of succeeded or failed. */
export type JobEvent =
    { type: 'step'; step: unknown } | { type: 'succeeded'; result: unknown } | { type: 'failed'; problem: Problem };

/** A job as a client reads it. */
export interface JobView {
    jobId: string;
    kind: string;
    status: JobStatus;
    createdAt: string;
    finishedAt?: string;
    /** Progress so far, e.g. the steps of a query; empty for a plain transaction. */
    steps: unknown[];
    result?: unknown;
    problem?: Problem;
}

interface Job extends JobView {
    clientId: string;
    finishedAtMs?: number;
}

/** How long finished jobs stay, and how many jobs at most. */
export interface JobStoreOptions {
    retentionMs: number;
    maxJobs: number;
    now?: () => number;
}

/**
 * Long work (a transaction to commit, a query through its 9 steps) run in the background, each
 * job readable only by the client that started it. Jobs live in this process: a restart forgets
 * them, while what they committed stays on the ledger. Finished jobs are dropped after the
 * retention time; when `maxJobs` are held, the oldest finished go first and a new job is refused.
 */
export class JobStore {
    private readonly jobs = new Map<string, Job>();
    private readonly events = new EventEmitter();
    private readonly now: () => number;

    constructor(private readonly options: JobStoreOptions) {
        this.now = options.now ?? Date.now;
        this.events.setMaxListeners(0);
    }

    /**
     * Starts `work` as a job of `clientId`; `work` reports progress through its argument, and
     * `toProblem` turns its failure into the problem the job ends with.
     *
     * @returns the job as it stands, running; undefined when the store is full of running jobs.
     */
    start(
        clientId: string,
        kind: string,
        work: (progress: (step: unknown) => void) => Promise<unknown>,
        toProblem: (error: unknown) => Problem,
    ): JobView | undefined {
        this.sweep();
        if (this.jobs.size >= this.options.maxJobs) {
            return undefined;
        }
        const job: Job = {
            jobId: randomUUID(),
            kind,
            clientId,
            status: 'running',
            createdAt: new Date(this.now()).toISOString(),
            steps: [],
        };
        this.jobs.set(job.jobId, job);
        const emit = (event: JobEvent): void => {
            this.events.emit(job.jobId, event);
        };
        void work((step) => {
            if (job.status === 'running') {
                job.steps.push(step);
                emit({ type: 'step', step });
            }
        }).then(
            (result) => {
                this.finish(job, { status: 'succeeded', result });
                emit({ type: 'succeeded', result });
            },
            (error: unknown) => {
                const problem = toProblem(error);
                this.finish(job, { status: 'failed', problem });
                emit({ type: 'failed', problem });
            },
        );
        return viewOf(job);
    }

    /** A job of `clientId`; another client's job is as absent as one that never was. */
    get(jobId: string, clientId: string): JobView | undefined {
        const job = this.jobs.get(jobId);
        return job?.clientId === clientId ? viewOf(job) : undefined;
    }

    /** Calls `listener` for each later event of a job; returns the function that stops it. */
    subscribe(jobId: string, listener: (event: JobEvent) => void): () => void {
        this.events.on(jobId, listener);
        return () => {
            this.events.off(jobId, listener);
        };
    }

    /** The job once it finished, or as it stands after `timeoutMs`. */
    async settled(jobId: string, clientId: string, timeoutMs: number): Promise<JobView | undefined> {
        const current = this.get(jobId, clientId);
        if (current === undefined || current.status !== 'running' || timeoutMs <= 0) {
            return current;
        }
        await new Promise<void>((resolve) => {
            const timer = setTimeout(done, timeoutMs);
            const stop = this.subscribe(jobId, (event) => {
                if (event.type !== 'step') {
                    done();
                }
            });
            function done(): void {
                clearTimeout(timer);
                stop();
                resolve();
            }
        });
        return this.get(jobId, clientId);
    }

    /** How many jobs are running. */
    running(): number {
        return [...this.jobs.values()].filter((job) => job.status === 'running').length;
    }

    private finish(
        job: Job,
        outcome: { status: 'succeeded'; result: unknown } | { status: 'failed'; problem: Problem },
    ): void {
        job.finishedAtMs = this.now();
        job.finishedAt = new Date(job.finishedAtMs).toISOString();
        Object.assign(job, outcome);
    }

    /** Drops finished jobs past retention, then the oldest finished while the store is full. */
    private sweep(): void {
        const expired = this.now() - this.options.retentionMs;
        for (const [jobId, job] of this.jobs) {
            if (job.finishedAtMs !== undefined && job.finishedAtMs < expired) {
                this.jobs.delete(jobId);
            }
        }
        for (const [jobId, job] of this.jobs) {
            if (this.jobs.size < this.options.maxJobs) {
                break;
            }
            if (job.finishedAtMs !== undefined) {
                this.jobs.delete(jobId);
            }
        }
    }
}

function viewOf(job: Job): JobView {
    return {
        jobId: job.jobId,
        kind: job.kind,
        status: job.status,
        createdAt: job.createdAt,
        ...(job.finishedAt === undefined ? {} : { finishedAt: job.finishedAt }),
        steps: [...job.steps],
        ...(job.status === 'succeeded' ? { result: job.result } : {}),
        ...(job.problem === undefined ? {} : { problem: job.problem }),
    };
}
