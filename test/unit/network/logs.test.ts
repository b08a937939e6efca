import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

import { NetworkError, followLog, parseLineCount, tailLog } from '@spindle/network';

describe('the network tool logs command', function () {
    it('takes a whole number of lines and refuses anything else with CONFIG_INVALID', function () {
        expect(parseLineCount('0')).to.equal(0);
        expect(parseLineCount('25')).to.equal(25);
        for (const value of ['x', '-3', '2.5', '']) {
            expect(() => parseLineCount(value), value)
                .to.throw(NetworkError)
                .with.property('code', 'CONFIG_INVALID');
        }
    });

    it('prints the last lines of a log, or none for 0', function () {
        const file = join(mkdtempSync(join(tmpdir(), 'spindle-logs-')), 'milla-peer.log');
        writeFileSync(file, 'one\ntwo\nthree\n');
        expect(tailLog(file, 2).text).to.equal('two\nthree');
        expect(tailLog(file, 0).text).to.equal('');
        expect(tailLog(file, 0).end).to.equal(Buffer.byteLength('one\ntwo\nthree\n'));
    });

    it('follows only what is appended after the tail, and a log that was wiped from its start', async function () {
        const file = join(mkdtempSync(join(tmpdir(), 'spindle-logs-')), 'milla-peer.log');
        writeFileSync(file, 'old\n');
        const chunks: string[] = [];
        const stop = followLog(file, tailLog(file, 1).end, (chunk) => chunks.push(chunk.toString('utf8')), 20);
        try {
            appendFileSync(file, 'new\n');
            await new Promise((resolve) => setTimeout(resolve, 200));
            writeFileSync(file, 'a\n');
            await new Promise((resolve) => setTimeout(resolve, 200));
        } finally {
            stop();
        }
        expect(chunks.join('')).to.equal('new\na\n');
    });
});
