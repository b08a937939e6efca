import { expect } from 'chai';
import {
    CAPACITY_HEADING,
    type CapacityRound,
    type CapacityRun,
    DEFAULT_SEARCH_PLAN,
    LINE_PROFILE,
    type MachineInfo,
    bottleneckOf,
    sectionOf,
    toCapacitySection,
    withSection,
} from '@spindle/bench';

const kind = (p95Ms: number, completed = 10) => ({
    completed,
    valid: completed,
    p50Ms: p95Ms / 2,
    p95Ms,
    failures: {},
});

function round(machines: number, sendP95Ms: number, cpu: Record<string, number>, broken: string[] = []): CapacityRound {
    return {
        machines,
        seconds: 60,
        offeredPerSecond: { upload: machines * 0.15, order: 0.1, query: 0.1, 'registry-read': 1 },
        addedQueries: 0,
        kinds: { upload: kind(sendP95Ms), order: kind(sendP95Ms, 2), query: kind(1500, 5), 'registry-read': kind(40) },
        send: kind(sendP95Ms, 12),
        lateP95Ms: 5,
        wallMs: 60_000,
        cpuSeconds: cpu,
        loadAverage: { before: [3.5, 3, 2], after: [4, 3, 2] },
        verdict: { passed: broken.length === 0, broken },
    };
}

const machine: MachineInfo = {
    date: '2026-12-03T06:00:00.000Z',
    nproc: 2,
    cpuModel: 'test CPU',
    memoryGiB: 8,
    freeMemoryGiB: 4,
    node: 'v20',
    fabric: '2.5.9',
    channel: 'm2m',
    chaincode: 'spindle',
    batchTimeout: '250ms',
    maxMessageCount: 200,
    mills: 3,
    client: 'test',
};

function run(rounds: CapacityRound[]): CapacityRun {
    return {
        machine,
        sender: 'single (one packet per transaction)',
        seconds: 60,
        jitter: 0.1,
        seed: 15,
        plan: DEFAULT_SEARCH_PLAN,
        budgetMinutes: 25,
        profile: LINE_PROFILE,
        responders: ['carding-a1', 'lap-former-b1'],
        firstQuery: {
            requester: 'carding-a1',
            responder: 'lap-former-b1',
            firstMs: 2400,
            nextMs: [900, 800, 1000, 950],
            networkAgeSeconds: 42,
        },
        rounds,
        bracket: { passed: 60, failed: 120 },
        growth: { machines: 120, ms: 60_000 },
        loadAverage: { start: [3.5, 3, 2], end: [4, 3, 2] },
        durationMs: 600_000,
    };
}

describe('the capacity report section', function () {
    const rounds = [
        round(30, 600, { 'bench-client': 5, 'milla-peer': 10, 'millb-peer': 8 }),
        { ...round(60, 1200, { 'bench-client': 8, 'milla-peer': 30, 'millb-peer': 24 }), addedQueries: 5 },
        round(120, 2600, { 'bench-client': 12, 'milla-peer': 55, 'millb-peer': 44 }, ['send p95 2600 ms ≥ 2000 ms']),
    ];

    it('states the machines served, the CPU per machine-second at that count and the first query after up', function () {
        const section = toCapacitySection(run(rounds));
        expect(section.startsWith(`## ${CAPACITY_HEADING}\n`)).to.equal(true);
        expect(section).to.include('**60 machines served**');
        expect(section).to.include('(120 machines did not)');
        // (30 + 24) CPU s over 60 machines × 60 s, the bench's 8 s left out.
        expect(section).to.include('**15.0 ms of CPU per machine-second**');
        expect(section).to.include('**2400 ms**');
        expect(section).to.include('42 s after');
        expect(section).to.include('| 120 | ');
        expect(section).to.include('5/5 (5 added)');
        expect(section).to.include('not served: send p95 2600 ms');
    });

    it('puts single against batched sends of the same run beside the capacity, with the ratio against the target of 10', function () {
        const figures = (packetsPerTransaction: number, messagesPerSecond: number, networkCpuMsPerMessage: number) => ({
            id: packetsPerTransaction === 1 ? 'send' : 'send-batch-64',
            packetsPerTransaction,
            messagesPerSecond,
            transactionsPerSecond: messagesPerSecond / packetsPerTransaction,
            valid: 100,
            completed: 100,
            p50Ms: 400,
            p95Ms: 900,
            networkCpuMsPerMessage,
            clientCpuMsPerMessage: 4,
            cpuSeconds: {},
        });
        const section = toCapacitySection({
            ...run(rounds),
            batching: { single: figures(1, 40, 30), batched: figures(64, 120, 10), ratio: 3, cpuRatio: 3 },
        });
        expect(section).to.include('batched **3.0 ×** the single-send rate (target 10 ×: missed)');
        expect(section).to.include('| single (Communication:send) | 1 | 100/100 | 40.0 | 400 / 900 | 30.0 | 4.0 |');
        expect(section).to.include('| batched (Communication:sendBatch) | 64 | 100/100 | 120.0 |');
        expect(toCapacitySection(run(rounds))).to.not.include('single-send rate');
    });

    it('names the bottleneck from the first round that failed: CPU-bound when the CPUs were busy', function () {
        const bottleneck = bottleneckOf(rounds, 2);
        expect(bottleneck?.machines).to.equal(120);
        expect(bottleneck?.busiest).to.equal('milla-peer');
        // (12 + 55 + 44) CPU s over 60 s and 2 CPUs.
        expect(bottleneck?.busyPercent).to.equal(93);
        expect(bottleneck?.text.startsWith('CPU:')).to.equal(true);
        const idle = bottleneckOf([round(30, 2100, { 'milla-peer': 6 }, ['send p95 2100 ms ≥ 2000 ms'])], 2);
        expect(idle?.text.startsWith('CPU:')).to.equal(false);
    });

    it('goes into REPORT.md in place of the old capacity section, keeping the others', function () {
        const old = '# Spindle benchmark\n\nintro\n\n## Capacity\n\nold figures\n\n## Soak\n\nsoak figures\n';
        const updated = withSection(old, CAPACITY_HEADING, toCapacitySection(run(rounds)));
        expect(updated).to.not.include('old figures');
        expect(sectionOf(updated, 'Soak')).to.equal('## Soak\n\nsoak figures');
        expect(sectionOf(updated, CAPACITY_HEADING)).to.include('**60 machines served**');
    });
});
