import { expect } from 'chai';
import {
    type BenchReport,
    type TransactionRecord,
    type WorkloadResult,
    judgeTargets,
    percentilesOf,
    summarise,
    toMarkdown,
    toSvg,
} from '@spindle/bench';

/** A workload whose every transaction took `latencyMs`, at `tps` valid transactions a second over 10 s. */
function workload(
    id: string,
    kind: WorkloadResult['kind'],
    tps: number,
    latencyMs: number,
    extra = {},
): WorkloadResult {
    const records: TransactionRecord[] = Array.from({ length: tps * 10 }, (_, index) => ({
        startMs: index,
        latencyMs,
        outcome: 'VALID',
    }));
    return { id, title: id, kind, concurrency: 8, load: summarise(records, 10_000), extra };
}

const verdict = (results: WorkloadResult[], prefix: string) =>
    judgeTargets(results).find((candidate) => candidate.target.startsWith(prefix));

const machine = {
    date: '2026-12-02T00:00:00.000Z',
    nproc: 2,
    cpuModel: 'test',
    memoryGiB: 24,
    freeMemoryGiB: 20,
    node: 'v20',
    fabric: '2.5.9',
    channel: 'm2m',
    chaincode: 'spindle',
    batchTimeout: '250ms',
    maxMessageCount: 200,
    mills: 3,
    client: 'test',
};

describe('bench report', function () {
    it('takes nearest-rank percentiles: every figure is a latency that happened', function () {
        const latencies = Array.from({ length: 100 }, (_, index) => 100 - index);
        expect(percentilesOf(latencies)).to.deep.equal({ p50: 50, p95: 95, p99: 99 });
        expect(percentilesOf([7])).to.deep.equal({ p50: 7, p95: 7, p99: 7 });
    });

    it('counts throughput and percentiles over valid transactions only, and failures by outcome', function () {
        const load = summarise(
            [
                { startMs: 0, latencyMs: 10, outcome: 'VALID' },
                { startMs: 1, latencyMs: 900, outcome: 'MVCC_READ_CONFLICT' },
                { startMs: 2, latencyMs: 30, outcome: 'VALID' },
            ],
            1000,
        );
        expect(load.valid).to.equal(2);
        expect(load.throughputPerSecond).to.equal(2);
        expect(load.latency.p99).to.equal(30);
        expect(load.failures).to.deep.equal({ MVCC_READ_CONFLICT: 1 });
    });

    it('judges own writes against 0.85 × B (register against B-short) and reads against 4 × B, from the same run', function () {
        const results = [
            workload('B', 'write', 100, 300),
            workload('B-short', 'write', 50, 300),
            workload('register', 'write', 43, 300),
            workload('send', 'write', 84, 300),
            workload('read-probe', 'read', 400, 5),
            workload('read-keys', 'read', 399, 5),
        ];
        expect(verdict(results, 'register')?.status).to.equal('met');
        expect(verdict(results, 'send')?.status).to.equal('missed');
        expect(verdict(results, 'send')?.measured).to.equal('0.84× (84 vs 100 tx/s), 1.2 % short');
        expect(verdict(results, 'send ≥ 0.7')).to.deep.include({ status: 'met', measured: '0.84× (84 vs 100 tx/s)' });
        expect(verdict(results, 'read-probe')?.status).to.equal('met');
        expect(verdict(results, 'read-keys')?.status).to.equal('missed');
        expect(verdict(results, 'material transform')?.status).to.equal('not measured');
        expect(verdict(results, 'B ≥ 300')?.status).to.equal('missed');
    });

    it('judges the 9-step flow against the single-submit p50 and the trace against t(1)', function () {
        const flow = (p50: number) => [workload('B-single', 'write', 3, 300), workload('query-flow', 'flow', 1, p50)];
        expect(verdict(flow(600), '9-step')?.status).to.equal('met');
        expect(verdict(flow(601), '9-step')?.status).to.equal('missed');
        const trace = (p50s: number[]) => p50s.map((p50, index) => workload(`trace-${2 ** index}`, 'trace', 1, p50));
        expect(verdict(trace([10, 12, 15, 20, 30, 45, 79]), 'trace')?.status).to.equal('met');
        expect(verdict(trace([10, 12, 15, 20, 30, 45, 81]), 'trace')?.status).to.equal('missed');
        // t(2) at 3 × t(1) grows faster than linearly, though the deepest stays under 8 ×.
        expect(verdict(trace([10, 30, 35, 40, 50, 60, 70]), 'trace')?.status).to.equal('missed');
    });

    it('counts MVCC conflicts of the 16-to-1 workload as a miss', function () {
        const contention = (conflicts: number) => [
            workload('send-16to1', 'write', 50, 400, { mvccConflicts: conflicts }),
        ];
        expect(verdict(contention(0), 'zero MVCC')?.status).to.equal('met');
        expect(verdict(contention(1), 'zero MVCC')?.status).to.equal('missed');
    });

    it('writes a Markdown table with a row per workload and an SVG with a bar per non-trace workload', function () {
        const workloads = [
            workload('B', 'write', 100, 300),
            workload('read-probe', 'read', 900, 5),
            workload('trace-1', 'trace', 1, 10),
            workload('trace-2', 'trace', 1, 14),
        ];
        const report: BenchReport = { machine, workloads, targets: judgeTargets(workloads) };
        const markdown = toMarkdown(report, 'chart.svg');
        // B under 300 tx/s is missed, so the report says what limits it.
        expect(markdown).to.match(/- \*\*B ≥ 300 tx\/s\*\* \(100 tx\/s, 67 % short\): CPU: /);
        expect(markdown).to.include('![Throughput as a multiple of B, and trace latency by depth](chart.svg)');
        expect(markdown).to.match(/\| read-probe: read-probe \| 8 \| 9000 \| 9000 \| 900\.0 \| 9\.00 \|/);
        const svg = toSvg(report);
        expect(svg.startsWith('<svg')).to.equal(true);
        expect(svg).to.include('>read-probe</text>').and.to.include('>9×</text>');
        expect(svg).to.include('>1.4×</text>');
        expect(svg).not.to.include('>trace-1</text>');
    });
});
