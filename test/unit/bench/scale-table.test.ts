import { expect } from 'chai';
import {
    type ScaleStep,
    type TransactionRecord,
    type WorkloadResult,
    busyPercent,
    peerCpuPerTx,
    peerCpuTable,
    scaleRatio,
    scaleTable,
    scaleVerdict,
    summarise,
} from '@spindle/bench';

/** A workload of `valid` transactions of `latencyMs` each over 10 s, and `failed` more that failed. */
function result(id: string, valid: number, latencyMs: number, failed = 0): WorkloadResult {
    const records: TransactionRecord[] = [
        ...Array.from({ length: valid }, () => ({ startMs: 0, latencyMs, outcome: 'VALID' })),
        ...Array.from({ length: failed }, () => ({ startMs: 0, latencyMs, outcome: 'MVCC_READ_CONFLICT' })),
    ];
    return { id, title: id, kind: 'write', concurrency: 128, load: summarise(records, 10_000) };
}

function step(size: number, b: number, queryMs: number, addMs: number, sendFailed = 0): ScaleStep {
    return {
        size,
        machines: size,
        results: [
            result('B', b, 300),
            result('private-put', 1000, 300),
            result('send', 500, 300, sendFailed),
            result('query-flow', 20, queryMs),
            result('add-machine', 5, addMs),
        ],
    };
}

/** The table's row for a workload label, as cells. */
const row = (lines: string[], label: string) =>
    lines
        .find((line) => line.startsWith(`| ${label}`))
        ?.split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());

describe('the bench scale table', function () {
    it('compares throughput largest over smallest and latency smallest over largest, so 1 is no worse', function () {
        expect(scaleRatio(100, 95, 'tx/s')).to.be.closeTo(0.95, 1e-9);
        expect(scaleRatio(900, 1000, 'p50 ms')).to.be.closeTo(0.9, 1e-9);
        expect(scaleRatio(Number.NaN, 95, 'tx/s')).to.be.NaN;
        expect(scaleRatio(0, 95, 'tx/s')).to.be.NaN;
    });

    it('meets the target at 0.9 and misses it below', function () {
        expect(scaleVerdict(0.9)).to.equal('met');
        expect(scaleVerdict(0.89)).to.equal('missed');
        expect(scaleVerdict(Number.NaN)).to.equal('not measured');
    });

    it('prints each workload at every size with the largest against the smallest and the verdict', function () {
        const lines = scaleTable([step(20, 1500, 900, 2000), step(100, 1400, 950, 2100), step(600, 600, 1000, 2000)]);
        expect(lines[0]).to.equal('| workload | figure | 20 | 100 | 600 | 600 vs 20 | target 0.9× |');
        expect(row(lines, 'machines ACTIVE')).to.deep.equal([
            'machines ACTIVE when measured',
            'count',
            '20',
            '100',
            '600',
            '',
            '',
        ]);
        expect(row(lines, 'B:')).to.deep.equal([
            'B: Probe:put (public)',
            'tx/s',
            '150.0',
            '140.0',
            '60.0',
            '0.40×',
            'missed',
        ]);
        expect(row(lines, '9-step')).to.deep.equal([
            '9-step query flow',
            'p50 ms',
            '900',
            '950',
            '1000',
            '0.90×',
            'met',
        ]);
        expect(row(lines, 'add one machine')?.slice(-2)).to.deep.equal(['1.00×', 'met']);
    });

    it('says how many transactions failed beside a figure, and shows a workload never measured as a dash', function () {
        const last = step(40, 1500, 900, 2000, 7);
        last.results = last.results.filter((entry) => entry.id !== 'private-put');
        const lines = scaleTable([step(20, 1500, 900, 2000), last]);
        expect(row(lines, 'send')?.[3]).to.equal('50.0 (7 of 507 failed)');
        expect(row(lines, 'private put')?.slice(2)).to.deep.equal(['100.0', '-', '-', 'not measured']);
    });

    it('gives no ratio for a single size', function () {
        expect(row(scaleTable([step(20, 1500, 900, 2000)]), 'send')?.slice(-2)).to.deep.equal(['-', 'not measured']);
    });
});

describe("the bench scale table of the peers' CPU", function () {
    it('sums every peer process and divides by the valid transactions, leaving out the other processes', function () {
        const b = result('B', 1000, 300);
        b.cpuSeconds = { 'milla-peer': 4, 'millb-peer': 3, 'millc-peer': 3, 'milla-orderer': 9, 'bench-client': 9 };
        expect(peerCpuPerTx(b)).to.equal(10);
        expect(peerCpuPerTx(result('B', 1000, 300))).to.be.NaN;
    });

    it('shows each saturated workload at every size and how many times the largest size costs the smallest', function () {
        const withCpu = (size: number, peerSeconds: number) => {
            const at = step(size, 1000, 900, 2000);
            for (const entry of at.results) {
                entry.cpuSeconds = { 'milla-peer': peerSeconds };
            }
            return at;
        };
        const lines = peerCpuTable([withCpu(20, 4), withCpu(600, 10)], 2);
        // 4 s of a peer over 10 s on 2 CPUs: 20 % busy.
        expect(row(lines, 'B:')).to.deep.equal(['B: Probe:put (public)', '4.0 (20 %)', '10.0 (50 %)', '2.50×']);
        expect(row(lines, 'send')).to.deep.equal(['send', '8.0 (20 %)', '20.0 (50 %)', '2.50×']);
        expect(lines.some((line) => line.includes('query flow'))).to.equal(false);
    });
});

describe('how busy a scale workload kept the machine', function () {
    it("counts every watched process's CPU over the wall time and the CPUs", function () {
        const b = result('B', 1000, 300);
        b.cpuSeconds = { 'milla-peer': 10, 'bench-client': 9 };
        expect(busyPercent(b, 2)).to.equal(95);
        expect(busyPercent(result('B', 1000, 300), 2)).to.be.NaN;
    });
});
