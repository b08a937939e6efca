import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type BenchReport, sectionOf, withSection, writeReport } from '@spindle/bench';

const REPORT = '# Report\n\nintro\n\n## Targets\n\nt1\n\n## Scale: 20 to 600 machines\n\nold table\n\n## Notes\n\nn1\n';

describe('a section of the bench report', function () {
    it('is read from its heading to the next second-level heading', function () {
        expect(sectionOf(REPORT, 'Scale: 20 to 600 machines')).to.equal('## Scale: 20 to 600 machines\n\nold table');
        expect(sectionOf(REPORT, 'Missing')).to.equal(undefined);
    });

    it('is replaced in place, keeping what comes before and after it', function () {
        const updated = withSection(REPORT, 'Scale: 20 to 600 machines', '## Scale: 20 to 600 machines\n\nnew table\n');
        expect(updated).to.equal(
            '# Report\n\nintro\n\n## Targets\n\nt1\n\n## Scale: 20 to 600 machines\n\nnew table\n\n## Notes\n\nn1\n',
        );
    });

    it('is added at the end of a report that has none, and replaced there next time', function () {
        const first = withSection('# Report\n\nintro\n', 'Scale', '## Scale\n\nv1\n');
        expect(first).to.equal('# Report\n\nintro\n\n## Scale\n\nv1\n');
        expect(withSection(first, 'Scale', '## Scale\n\nv2\n')).to.equal('# Report\n\nintro\n\n## Scale\n\nv2\n');
    });
});

describe('publishing the full bench report', function () {
    it('keeps the scale section that bench/REPORT.md had, since --scale is a run of its own', function () {
        const dir = mkdtempSync(join(tmpdir(), 'spindle-report-'));
        try {
            writeFileSync(join(dir, 'REPORT.md'), REPORT);
            const machine = {
                date: 'd',
                nproc: 2,
                cpuModel: 'c',
                memoryGiB: 1,
                freeMemoryGiB: 1,
                node: 'v',
                fabric: 'f',
            };
            const report = {
                machine: { ...machine, channel: 'c', chaincode: 's', batchTimeout: '250ms', maxMessageCount: 1 },
                workloads: [],
                targets: [],
            } as unknown as BenchReport;
            writeReport(join(dir, 'results'), report, dir);
            const published = readFileSync(join(dir, 'REPORT.md'), 'utf8');
            expect(published).to.match(/^# Spindle benchmark/);
            expect(sectionOf(published, 'Scale: 20 to 600 machines')).to.equal(
                '## Scale: 20 to 600 machines\n\nold table',
            );
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
