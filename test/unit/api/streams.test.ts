import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { agentLags, formatSseEvent, isBeforeResume, preferredWaitSeconds, resumePointOf } from '@spindle/api';

const TX = 'a'.repeat(64);

describe('event streams, waiting and agent lag', function () {
    it('writes an SSE event as id, event and one JSON data line', function () {
        expect(formatSseEvent({ id: '7:x', event: 'step', data: { step: 1 } })).to.equal(
            'id: 7:x\nevent: step\ndata: {"step":1}\n\n',
        );
        expect(() => formatSseEvent({ event: 'a\nb', data: 1 })).to.throw(/UNEXPECTED/);
    });

    it("reads RFC 7240's Prefer: wait, capped", function () {
        expect(preferredWaitSeconds('wait=10', 60)).to.equal(10);
        expect(preferredWaitSeconds('respond-async, wait=600', 60)).to.equal(60);
        expect(preferredWaitSeconds('return=minimal', 60)).to.equal(0);
        expect(preferredWaitSeconds(undefined, 60)).to.equal(0);
    });

    it('resumes a chaincode event stream right after the last event the client received', function () {
        const resume = resumePointOf(`12:${TX}`);
        expect(resume).to.deep.equal({ blockNumber: 12n, transactionId: TX });
        expect(resumePointOf('12')).to.equal(undefined);
        expect(isBeforeResume({ blockNumber: 12n, transactionId: 'b'.repeat(64) }, resume, false)).to.equal(true);
        expect(isBeforeResume({ blockNumber: 12n, transactionId: TX }, resume, false)).to.equal(true);
        expect(isBeforeResume({ blockNumber: 12n, transactionId: 'c'.repeat(64) }, resume, true)).to.equal(false);
        expect(isBeforeResume({ blockNumber: 13n, transactionId: 'c'.repeat(64) }, resume, false)).to.equal(false);
    });

    it("reports each agent's lag from its checkpoint, skipping one that does not parse", function () {
        const dir = mkdtempSync(join(tmpdir(), 'spindle-agents-'));
        writeFileSync(join(dir, 'lap-former-b1.checkpoint.json'), JSON.stringify({ blockNumber: '40' }));
        writeFileSync(
            join(dir, 'carding-a1.checkpoint.json'),
            JSON.stringify({ blockNumber: '45', transactionId: TX }),
        );
        writeFileSync(join(dir, 'broken.checkpoint.json'), 'not json');
        expect(agentLags(dir, 45n)).to.deep.equal([
            { agent: 'carding-a1', blocks: 0 },
            { agent: 'lap-former-b1', blocks: 5 },
        ]);
        expect(agentLags(join(dir, 'none'), 45n)).to.deep.equal([]);
    });
});
