import { expect } from 'chai';
import { SpindleError } from '@spindle/client';
import type { Reading } from '@spindle/chaincode/protocol';
import { openHistoryStore, sealBatch, type HistoryStore } from '@spindle/client/dist/device/history';
import { type RunningSimulator, startMachineSimulator } from '@spindle/client/dist/device/opcua';
import { DeviceRecorder, type RecorderStep, SealAnchorer, Sealer } from '@spindle/client/dist/device/recorder';

import { codeOfRejection, readingsOf, tempFolders } from './history-fixtures';
import { capturedLogger, predictedTicks, testConfig, tickOf, waitUntil } from './opcua-fixtures';
import { MemorySealChain } from './recorder-fixtures';

const MACHINE = 'lap-former-b1';
const FAST_RETRY = { attempts: 3, retryDelayMs: 5 };

describe('device recorder: readings into the history store, sealed into the chain once each', function () {
    this.timeout(20_000);

    let store: HistoryStore;
    let chain: MemorySealChain;
    const recorders: DeviceRecorder[] = [];

    beforeEach(async function () {
        store = await openHistoryStore({ folder: tempFolders.make(), machineId: MACHINE, sync: false });
        chain = new MemorySealChain();
    });

    afterEach(async function () {
        await Promise.all(recorders.splice(0).map((recorder) => recorder.stop()));
        await store.close();
    });

    after(function () {
        tempFolders.cleanUp();
    });

    function recorder(options: Partial<ConstructorParameters<typeof DeviceRecorder>[0]> = {}): {
        recorder: DeviceRecorder;
        lines: ReturnType<typeof capturedLogger>['lines'];
    } {
        const { logger, lines } = capturedLogger();
        const made = new DeviceRecorder({
            store,
            chain,
            logger,
            anchoring: FAST_RETRY,
            cadence: { sealEveryMs: 60_000, sealReadings: 1_000_000 },
            ...options,
        });
        recorders.push(made);
        return { recorder: made, lines };
    }

    async function allReadings(): Promise<Reading[]> {
        return store.lastSeq() === 0 ? [] : store.readingsFrom(1, store.lastSeq());
    }

    /** A seal of the next `count` readings recorded in the store, not anchored: a crash after `seal-recorded`. */
    async function recordSealOnly(count: number) {
        const entry = sealBatch(await store.readingsFrom((await store.sealedThrough()) + 1, count));
        return store.recordSeal(entry, new Date());
    }

    describe('on a simulator', function () {
        let simulator: RunningSimulator;

        before(async function () {
            simulator = await startMachineSimulator({
                machineId: MACHINE,
                machineType: 'lap-former',
                seed: 5,
                intervalMs: 100,
            });
        });

        after(async function () {
            await simulator.stop();
        });

        it('records what the simulator serves with seqs 1..n and seals them contiguously, each in its own block', async function () {
            const steps: RecorderStep[] = [];
            const { recorder: running } = recorder({
                opcua: testConfig(MACHINE, 'lap-former', simulator.endpointUrl),
                cadence: { sealEveryMs: 60_000, sealReadings: 15 },
                afterStep: (step) => steps.push(step),
            });
            await running.start();
            await waitUntil(() => chain.blocks.length >= 3, 10_000, 'three seals');
            await running.stop();

            const readings = await allReadings();
            expect(readings.map(({ seq }) => seq)).to.deep.equal(readings.map((_, i) => i + 1));
            const predicted = predictedTicks('lap-former', 5, 400);
            for (const reading of readings) {
                const tick = tickOf(simulator, reading);
                const served = predicted[tick]?.find(({ variable }) => variable === reading.variable);
                expect(reading.value, `${reading.variable} at tick ${tick}`).to.equal(served?.value);
            }
            const seals = await store.seals();
            expect(seals.length).to.be.at.least(3);
            seals.forEach((seal, i) => {
                expect(seal.entry.firstSeq, `seal ${i} starts after the one before`).to.equal(
                    i === 0 ? 1 : (seals[i - 1]?.entry.lastSeq ?? 0) + 1,
                );
                expect(seal.entry.count, `seal ${i} waited for its readings`).to.be.at.least(15);
                expect(seal.anchor, `seal ${i} anchor`).to.deep.equal({ machineId: MACHINE, blockSeq: i + 1 });
            });
            expect(chain.seals()).to.deep.equal(seals.map(({ entry }) => entry));
            expect(steps.slice(steps.indexOf('seal-recorded'), steps.indexOf('seal-recorded') + 3)).to.deep.equal([
                'seal-recorded',
                'seal-appended',
                'seal-anchored',
            ]);
            expect(steps[0]).to.equal('readings-recorded');
        });
    });

    it('seals after sealEveryMs when fewer than sealReadings wait, and not at all when none do', async function () {
        const { recorder: running } = recorder({ cadence: { sealEveryMs: 300, sealReadings: 1000 } });
        await running.start();
        await new Promise((resolve) => setTimeout(resolve, 700));
        expect(chain.appendCalls, 'appends with nothing to seal').to.equal(0);
        readingsOf('lapWeight', 5).forEach((reading) => {
            running.record(reading);
        });
        await waitUntil(() => chain.blocks.length === 1, 3_000, 'a seal by time');
        expect(chain.seals()[0]).to.include({ firstSeq: 1, lastSeq: 5, count: 5 });
    });

    it('seals at sealReadings unsealed readings without waiting for sealEveryMs', async function () {
        const { recorder: running } = recorder({ cadence: { sealEveryMs: 60_000, sealReadings: 10 } });
        await running.start();
        readingsOf('lapWeight', 12).forEach((reading) => {
            running.record(reading);
        });
        await waitUntil(() => chain.blocks.length === 1, 3_000, 'a seal by count');
        expect(chain.seals()[0]?.firstSeq).to.equal(1);
        expect(chain.seals()[0]?.count).to.be.at.least(10);
    });

    it('never seals fewer than sealReadings by count, however readings arrive while a seal is in flight', async function () {
        const { logger } = capturedLogger();
        const sealer = new Sealer({
            store,
            anchorer: new SealAnchorer({ store, chain, logger, ...FAST_RETRY }),
            logger,
            sealEveryMs: 60_000,
            sealReadings: 5,
        });
        sealer.start();
        let release = (): void => undefined;
        for (let second = 0; second < 40; second += 1) {
            if (second % 7 === 0) {
                release();
                chain.gate = new Promise((resolve) => {
                    release = resolve;
                });
            }
            await store.append(readingsOf('cv', 1, second));
            sealer.recorded();
            await new Promise((resolve) => setImmediate(resolve));
        }
        chain.gate = undefined;
        release();
        await sealer.stop();

        const counts = chain.seals().map(({ count }) => count);
        expect(counts.length, 'seals made').to.be.at.least(4);
        expect(
            counts.filter((count) => count < 5),
            `seal sizes ${counts.join(', ')}`,
        ).to.deep.equal([]);
    });

    it('anchors on start a seal recorded but not anchored, appending it once', async function () {
        await store.append(readingsOf('lapWeight', 8));
        const pending = await recordSealOnly(8);
        const { recorder: restarted, lines } = recorder();
        await restarted.start();

        expect(chain.appendCalls).to.equal(1);
        expect(chain.seals()).to.deep.equal([pending.entry]);
        expect((await store.sealFor(1))?.anchor).to.deep.equal({ machineId: MACHINE, blockSeq: 1 });
        expect(lines.map(({ code }) => code)).to.include.members(['SEAL_PENDING', 'SEAL_ANCHORED']);
    });

    it('finds a seal the chain already holds (a crash after the append) and records its block, appending nothing', async function () {
        await store.append(readingsOf('lapWeight', 8));
        const older = await recordSealOnly(3);
        await store.recordAnchor(1, { machineId: MACHINE, blockSeq: 1 });
        const pending = await recordSealOnly(5);
        // Block 1 the older seal, 2 the pending one (committed before the crash), 3 moved messages.
        chain.push([[older.entry], [pending.entry], []]);

        const { recorder: restarted, lines } = recorder();
        await restarted.start();

        expect(chain.appendCalls, 'appends after the restart').to.equal(0);
        expect((await store.sealFor(4))?.anchor).to.deep.equal({ machineId: MACHINE, blockSeq: 2 });
        expect(lines.find(({ code }) => code === 'SEAL_ANCHORED')).to.include({ blockSeq: 2, found: true });
    });

    it('refuses to start (HISTORY_DIVERGED) when the chain seals its pending readings under another root, appending nothing', async function () {
        await store.append(readingsOf('lapWeight', 6));
        const pending = await recordSealOnly(6);
        chain.push([[{ ...pending.entry, root: 'f'.repeat(64) }]]);
        const { recorder: restarted } = recorder();

        const refused = await codeOfRejection(restarted.start());
        expect(refused).to.equal('HISTORY_DIVERGED');
        expect(chain.appendCalls).to.equal(0);
        expect((await store.sealFor(1))?.anchor, 'the pending seal stays unanchored').to.equal(undefined);
    });

    it('refuses to start (HISTORY_DIVERGED) a store whose seals end before the chain’s: it lost a seal the chain holds', async function () {
        await store.append(readingsOf('lapWeight', 8));
        const kept = await recordSealOnly(3);
        await store.recordAnchor(1, { machineId: MACHINE, blockSeq: 1 });
        chain.push([[kept.entry], [sealBatch(await store.readingsFrom(4, 5))]]);
        const { recorder: restarted } = recorder();

        const refused = await codeOfRejection(restarted.start());
        expect(refused).to.equal('HISTORY_DIVERGED');
        expect(chain.appendCalls).to.equal(0);
    });

    it('numbers a new store’s readings after those the chain has sealed, so its first seal continues the chain', async function () {
        const earlier = sealBatch(
            readingsOf('lapWeight', 6).map((reading, i) => ({ ...reading, machineId: MACHINE, seq: i + 1 })),
        );
        chain.push([[earlier], []]);
        const { recorder: running, lines } = recorder();
        await running.start();
        expect(store.lastSeq(), 'numbering starts after the chain').to.equal(6);
        readingsOf('cv', 4, 100).forEach((reading) => {
            running.record(reading);
        });
        const seal = await running.sealNow();

        expect(seal?.entry).to.include({ firstSeq: 7, lastSeq: 10, count: 4 });
        expect(chain.seals()).to.deep.equal([earlier, seal?.entry]);
        expect(seal?.anchor).to.deep.equal({ machineId: MACHINE, blockSeq: 3 });
        expect(lines.find(({ code }) => code === 'HISTORY_CONTINUES')).to.include({ sealedThrough: 6 });
    });

    it('records nothing in an empty store while its chain is out of reach (CHAIN_UNREACHABLE): it cannot know where to number from', async function () {
        chain.head = () => Promise.reject(new SpindleError('UNAVAILABLE', 'no peer answers'));
        const { recorder: running } = recorder();

        const refused = await codeOfRejection(running.start());
        expect(refused).to.equal('CHAIN_UNREACHABLE');
        expect(store.lastSeq()).to.equal(0);
    });

    it('finds a pending seal on a chain whose tip predates release 1.3 (no sealedThrough), appending nothing', async function () {
        await store.append(readingsOf('lapWeight', 5));
        const pending = await recordSealOnly(5);
        chain.sealedThrough = undefined;
        chain.push([[pending.entry], []]);
        const { recorder: restarted } = recorder();
        await restarted.start();

        expect(chain.appendCalls).to.equal(0);
        expect((await store.sealFor(1))?.anchor).to.deep.equal({ machineId: MACHINE, blockSeq: 1 });
    });

    it('appends again after a conflicting concurrent append (COMMIT_FAILED) and anchors the seal once', async function () {
        const { recorder: running, lines } = recorder();
        await running.start();
        readingsOf('cv', 4).forEach((reading) => {
            running.record(reading);
        });
        chain.faults.push({ kind: 'refused', code: 'COMMIT_FAILED' }, { kind: 'refused', code: 'COMMIT_FAILED' });
        const seal = await running.sealNow();

        expect(chain.appendCalls).to.equal(3);
        expect(chain.seals()).to.deep.equal([seal?.entry]);
        expect(seal?.anchor).to.deep.equal({ machineId: MACHINE, blockSeq: 1 });
        expect(lines.filter(({ code }) => code === 'COMMIT_FAILED')).to.have.length(2);
    });

    it('finds an append that committed although its caller heard TIMEOUT, instead of appending it twice', async function () {
        const { recorder: running } = recorder();
        await running.start();
        readingsOf('cv', 4).forEach((reading) => {
            running.record(reading);
        });
        chain.faults.push({ kind: 'lost-status', code: 'TIMEOUT' });
        const seal = await running.sealNow();

        expect(chain.appendCalls).to.equal(1);
        expect(chain.seals()).to.have.length(1);
        expect(seal?.anchor).to.deep.equal({ machineId: MACHINE, blockSeq: 1 });
    });

    it('gives up with SEAL_ANCHOR_FAILED, keeps the seal recorded, and anchors it before the next seal', async function () {
        const { recorder: running } = recorder();
        await running.start();
        readingsOf('cv', 4).forEach((reading) => {
            running.record(reading);
        });
        chain.faults.push(...Array.from({ length: 3 }, () => ({ kind: 'refused' as const, code: 'UNAVAILABLE' })));
        const failed = await codeOfRejection(running.sealNow());
        expect(failed).to.equal('SEAL_ANCHOR_FAILED');
        expect(await store.sealedThrough(), 'the seal stays recorded').to.equal(4);
        expect(chain.blocks).to.have.length(0);

        readingsOf('cv', 3, 10).forEach((reading) => {
            running.record(reading);
        });
        await running.sealNow();
        expect(chain.seals().map(({ firstSeq, lastSeq }) => [firstSeq, lastSeq])).to.deep.equal([
            [1, 4],
            [5, 7],
        ]);
        expect((await store.seals()).map(({ anchor }) => anchor?.blockSeq)).to.deep.equal([1, 2]);
    });

    it('waits for the cadence, not for more readings, after a seal failed on an unreachable chain', async function () {
        const { recorder: running } = recorder({ cadence: { sealEveryMs: 60_000, sealReadings: 2 } });
        await running.start();
        chain.faults.push(...Array.from({ length: 50 }, () => ({ kind: 'refused' as const, code: 'UNAVAILABLE' })));
        readingsOf('cv', 2).forEach((reading) => {
            running.record(reading);
        });
        await waitUntil(() => chain.appendCalls === FAST_RETRY.attempts, 3_000, 'the first seal to fail');
        for (let second = 10; second < 20; second += 2) {
            readingsOf('cv', 2, second).forEach((reading) => {
                running.record(reading);
            });
            await running.flush();
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(chain.appendCalls, 'appends tried').to.equal(FAST_RETRY.attempts);
    });

    it('does not retry a refusal that repeating cannot change', async function () {
        const { recorder: running } = recorder();
        await running.start();
        running.record(readingsOf('cv', 1)[0] ?? ({} as never));
        chain.faults.push({ kind: 'refused', code: 'NOT_AUTHORIZED' });
        const failed = await codeOfRejection(running.sealNow());
        expect(failed).to.equal('SEAL_ANCHOR_FAILED');
        expect(chain.appendCalls).to.equal(1);
    });

    it('gives up a source still trying its first connection when stopped, without waiting for its retries', async function () {
        const { recorder: opening } = recorder({
            opcua: testConfig(MACHINE, 'lap-former', 'opc.tcp://127.0.0.1:9'),
            reconnect: { maxRetry: 100, initialDelayMs: 200, maxDelayMs: 1000 },
        });
        const started = opening.start().then(
            () => 'opened',
            (error: unknown) => (error as { code?: string }).code,
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
        await opening.stop();
        // Without the abort, the source would go on trying for minutes, past this test's timeout.
        expect(await started).to.equal('OPCUA_CONNECT_FAILED');
    });
});
