import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { openHistoryStore } from '@spindle/client/dist/device/history';

import { BATCH_SIZE, CRASH_MACHINE, tempFolders } from './history-fixtures';

const CHILD = join(__dirname, 'history-append-loop.js');

/**
 * Runs the appending child until it has reported `appends` resolved appends, kills it with
 * SIGKILL while more are in flight, and gives every seq it reported.
 */
function appendUntilKilled(folder: string, sync: boolean, appends: number): Promise<number[]> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CHILD, folder, sync ? 'sync' : 'nosync'], {
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        const reported: number[] = [];
        let pending = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout.on('data', (chunk: Buffer) => {
            const lines = (pending + chunk.toString()).split('\n');
            pending = lines.pop() ?? '';
            for (const line of lines.filter((text) => /^\d+$/.test(text))) {
                reported.push(Number(line));
            }
            if (reported.length >= appends && child.exitCode === null && child.signalCode === null) {
                child.kill('SIGKILL');
            }
        });
        child.on('error', reject);
        child.on('exit', (code, signal) => {
            if (signal === 'SIGKILL') {
                resolve(reported);
            } else {
                reject(new Error(`the child ended with ${code ?? signal ?? '?'} before the kill: ${stderr}`));
            }
        });
    });
}

describe('the history store survives its process being killed mid-write', function () {
    this.timeout(60_000);

    after(function () {
        tempFolders.cleanUp();
    });

    it('keeps every reading whose append resolved, contiguous and whole, over three kills', async function () {
        const folder = tempFolders.make();
        let kept = 0;
        for (const [round, sync] of [true, false, false].entries()) {
            const reported = await appendUntilKilled(folder, sync, 150 + round * 40);
            const store = await openHistoryStore({ folder, machineId: CRASH_MACHINE });
            try {
                const last = store.lastSeq();
                expect(Math.max(...reported), `round ${round}`).to.be.at.most(last);
                expect(Math.min(...reported), `round ${round}`).to.be.greaterThan(kept);
                // Whole batches only: an append is one atomic LevelDB batch of BATCH_SIZE readings.
                expect(last % BATCH_SIZE, `round ${round}`).to.equal(0);
                const all = await store.readingsFrom(1, 100_000);
                expect(all.map((reading) => reading.seq)).to.deep.equal(Array.from({ length: last }, (_, i) => i + 1));
                const indexed = [
                    ...(await store.readings('cv', new Date(0), new Date(8.64e15), 100_000)),
                    ...(await store.readings('lapWeight', new Date(0), new Date(8.64e15), 100_000)),
                ];
                expect(indexed.length, `round ${round}`).to.equal(last);
                kept = last;
            } finally {
                await store.close();
            }
        }
        expect(kept).to.be.greaterThan(3 * 150 * BATCH_SIZE - 1);
    });
});
