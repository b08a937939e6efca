import { expect } from 'chai';

import { type JobEvent, JobStore, newProblem } from '@spindle/api';

const toProblem = (error: unknown) => newProblem('UNEXPECTED', String(error));

describe('job store', function () {
    it('runs work to its result, its steps in order, readable by its client only', async function () {
        const jobs = new JobStore({ retentionMs: 60_000, maxJobs: 10 });
        const started = jobs.start(
            'erp',
            'query',
            async (progress) => {
                await Promise.resolve();
                progress(1);
                progress(2);
                return 'answer';
            },
            toProblem,
        );
        const events: JobEvent[] = [];
        jobs.subscribe(started?.jobId ?? '', (event) => events.push(event));
        const settled = await jobs.settled(started?.jobId ?? '', 'erp', 1000);
        expect(settled).to.include({ status: 'succeeded', result: 'answer' });
        expect(settled?.steps).to.deep.equal([1, 2]);
        expect(events.map((event) => event.type)).to.deep.equal(['step', 'step', 'succeeded']);
        expect(jobs.get(started?.jobId ?? '', 'mes')).to.equal(undefined);
    });

    it('ends a failed job with the problem of its error', async function () {
        const jobs = new JobStore({ retentionMs: 60_000, maxJobs: 10 });
        const started = jobs.start('erp', 'approve', () => Promise.reject(new Error('boom')), toProblem);
        const settled = await jobs.settled(started?.jobId ?? '', 'erp', 1000);
        expect(settled?.status).to.equal('failed');
        expect(settled?.problem?.code).to.equal('UNEXPECTED');
    });

    it('drops finished jobs after the retention time and refuses a new job when full of running ones', async function () {
        let now = 0;
        const jobs = new JobStore({ retentionMs: 1000, maxJobs: 1, now: () => now });
        const done = jobs.start('erp', 'a', () => Promise.resolve(1), toProblem);
        await jobs.settled(done?.jobId ?? '', 'erp', 1000);
        now = 5000;
        const running = jobs.start('erp', 'b', () => new Promise(() => undefined), toProblem);
        expect(jobs.get(done?.jobId ?? '', 'erp')).to.equal(undefined);
        expect(running?.status).to.equal('running');
        expect(jobs.start('erp', 'c', () => Promise.resolve(1), toProblem)).to.equal(undefined);
    });
});
