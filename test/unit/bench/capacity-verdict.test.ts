import { expect } from 'chai';
import { type KindFigures, cpuPerMachineSecond, figuresOf, judgeRound } from '@spindle/bench';

const figures = (p95Ms: number, completed = 100, valid = completed): KindFigures => ({
    completed,
    valid,
    p50Ms: Math.round(p95Ms / 2),
    p95Ms,
    failures: completed > valid ? { MVCC_READ_CONFLICT: completed - valid } : {},
});

describe('the capacity round verdict', function () {
    it('serves a round whose send p95 is under 2 s and query-flow p95 under 3 s', function () {
        expect(judgeRound(figures(1999), figures(2999))).to.deep.equal({ passed: true, broken: [] });
    });

    it('fails a round at send p95 of 2 s or more, or query-flow p95 of 3 s or more, naming each limit', function () {
        const send = judgeRound(figures(2000), figures(100));
        expect(send.passed).to.equal(false);
        expect(send.broken).to.have.length(1);
        expect(send.broken[0]).to.match(/^send p95 2000 ms/);
        const both = judgeRound(figures(2500), figures(3000));
        expect(both.broken.map((reason) => reason.split(' ')[0])).to.deep.equal(['send', 'query-flow']);
    });

    it('judges a round without queries on its sends alone, and fails one without a valid send', function () {
        expect(judgeRound(figures(500), figures(Number.NaN, 0)).passed).to.equal(true);
        expect(judgeRound(figures(Number.NaN, 10, 0), figures(100)).passed).to.equal(false);
    });

    it('fails a round where more than 1 % of sends failed, even when the valid ones were fast', function () {
        expect(judgeRound(figures(300, 100, 99), figures(100)).passed).to.equal(true);
        const verdict = judgeRound(figures(300, 100, 98), figures(100));
        expect(verdict.passed).to.equal(false);
        expect(verdict.broken[0]).to.equal('2 of 100 sends failed');
    });

    it('counts latency percentiles over valid arrivals only, failures by outcome', function () {
        const result = figuresOf([
            { kind: 'upload', atMs: 0, lateMs: 0, latencyMs: 100, outcome: 'VALID' },
            { kind: 'upload', atMs: 1, lateMs: 0, latencyMs: 9000, outcome: 'GRPC_4' },
            { kind: 'order', atMs: 2, lateMs: 0, latencyMs: 300, outcome: 'VALID' },
        ]);
        expect(result).to.deep.equal({ completed: 3, valid: 2, p50Ms: 100, p95Ms: 300, failures: { GRPC_4: 1 } });
    });

    it("counts the network's CPU per machine-second without the bench's own process", function () {
        const perMachineSecond = cpuPerMachineSecond({
            machines: 10,
            seconds: 60,
            cpuSeconds: { 'bench-client': 100, 'milla-peer': 9, 'millb-chaincode': 3 },
        });
        expect(perMachineSecond).to.equal(12 / 600);
    });
});
