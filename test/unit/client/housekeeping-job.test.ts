import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from 'chai';

import {
    type HousekeepingLogEntry,
    type HousekeepingTurnResult,
    SpindleError,
    runHousekeepingJob,
} from '@spindle/client';

const CLI = resolve(__dirname, '..', '..', '..', '..', 'client', 'dist', 'cli', 'main.js');

const PRUNED: HousekeepingTurnResult = { deletedNonces: 3, deletedRateSlots: 2, prunedBefore: '1000', calls: 1 };

/** A job over scripted turns (an outcome per turn), with waits recorded instead of slept. */
async function runScripted(outcomes: (HousekeepingTurnResult | Error)[], everyMs = 60_000) {
    const log: HousekeepingLogEntry[] = [];
    const waits: number[] = [];
    let turn = 0;
    const summary = await runHousekeepingJob({
        turn: () => {
            const outcome = outcomes[turn];
            turn += 1;
            return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome ?? PRUNED);
        },
        everyMs,
        log: (entry) => log.push(entry),
        signal: new AbortController().signal,
        turns: outcomes.length,
        wait: (ms) => {
            waits.push(ms);
            return Promise.resolve();
        },
    });
    return { summary, log, waits, turnsRun: turn };
}

describe('the housekeeping job', function () {
    it('logs a failed turn with its code and prunes again on the next turn', async function () {
        const { summary, log, turnsRun } = await runScripted([
            PRUNED,
            new SpindleError('COMMIT_FAILED', 'transaction t1 was invalidated at commit with validation code 11'),
            new SpindleError('UNAVAILABLE', 'no peer answered'),
            PRUNED,
        ]);
        expect(turnsRun).to.equal(4);
        expect(log.map((entry) => (entry.event === 'pruned' ? 'pruned' : entry.code))).to.deep.equal([
            'pruned',
            'COMMIT_FAILED',
            'UNAVAILABLE',
            'pruned',
        ]);
        expect(summary).to.deep.include({
            turns: 4,
            failedTurns: 2,
            failures: { COMMIT_FAILED: 1, UNAVAILABLE: 1 },
            deletedNonces: 6,
            deletedRateSlots: 4,
            calls: 2,
        });
    });

    it('names the code a plain error carries in its message, and UNEXPECTED for one without', async function () {
        const { log } = await runScripted([new Error('MVCC_READ_CONFLICT: key changed'), new Error('boom')]);
        expect(log.map((entry) => (entry.event === 'prune-failed' ? entry.code : entry.event))).to.deep.equal([
            'MVCC_READ_CONFLICT',
            'UNEXPECTED',
        ]);
    });

    it('waits the rest of the interval after each turn but the last', async function () {
        const { waits } = await runScripted([PRUNED, PRUNED, PRUNED], 60_000);
        expect(waits).to.have.length(2);
        expect(waits.every((ms) => ms > 59_000 && ms <= 60_000)).to.equal(true);
    });

    it('stops after the turn in progress when its signal aborts', async function () {
        const stopping = new AbortController();
        let turns = 0;
        const summary = await runHousekeepingJob({
            turn: () => {
                turns += 1;
                stopping.abort();
                return Promise.resolve(PRUNED);
            },
            everyMs: 3_600_000,
            log: () => undefined,
            signal: stopping.signal,
        });
        expect(turns).to.equal(1);
        expect(summary.turns).to.equal(1);
    });

    it('refuses an --every that is not a duration INVALID_ARGUMENT, before connecting', function () {
        const runDir = mkdtempSync(join(tmpdir(), 'spindle-run-'));
        const outcome = spawnSync(
            process.execPath,
            [CLI, '--run-dir', runDir, 'housekeeping', 'run', '--every', 'often'],
            { encoding: 'utf8' },
        );
        expect(outcome.status).to.not.equal(0);
        expect(outcome.stderr).to.match(/INVALID_ARGUMENT: --every /);
    });
});
