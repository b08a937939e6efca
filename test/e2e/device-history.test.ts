import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClassicLevel } from 'classic-level';
import { pino } from 'pino';
import { parseAnswer, toCanonicalJson, type Question, type ReadingsAnswer } from '@spindle/chaincode/protocol';
import {
    DeviceAgent,
    FileCheckpointer,
    SpindleError,
    eciesCipher,
    machineAnswerer,
    runQuery,
    type QueryStep,
} from '@spindle/client';
import { deviceAnswerer } from '@spindle/client/dist/agent/device-answerer';
import { openHistoryStore, type HistoryStore } from '@spindle/client/dist/device/history';
import { indexKey, readingKey } from '@spindle/client/dist/device/history/history-keys';
import { startMachineSimulator, type RunningSimulator } from '@spindle/client/dist/device/opcua';
import { DeviceRecorder, communicationSealChain } from '@spindle/client/dist/device/recorder';

import { testNetwork } from '../support/local-network';
import { CARDING_A1, LAP_FORMER_B1 } from '../support/line-machines';
import { type ReadyMachine, readyMachine } from '../support/machines';
import { predictedTicks, testConfig, tickOf, waitUntil } from '../unit/device/opcua-fixtures';

const LAP_FORMER = 'lap-former-b1';
const SEED = 13;
const TICK_MS = 250;

/**
 * The device area end to end on the real network: the lap former's simulated controller feeds
 * its agent over OPC UA, the agent records and seals the readings into the lap former's chain,
 * and the carding machine of another mill asks typed questions whose answers it verifies at
 * step 9 against the channel's block anchors.
 */
describe('device history: OPC UA readings sealed on the chain, typed questions proven at step 9', function () {
    this.timeout(300_000);

    let carding: ReadyMachine;
    let lapFormer: ReadyMachine;
    let simulator: RunningSimulator | undefined;
    let store: HistoryStore | undefined;
    let recorder: DeviceRecorder | undefined;
    let agent: DeviceAgent | undefined;
    let agentRun: Promise<void> = Promise.resolve();
    const folder = mkdtempSync(join(tmpdir(), 'spindle-device-e2e-'));

    async function startLapFormer(): Promise<void> {
        store = await openHistoryStore({ folder: join(folder, 'history'), machineId: LAP_FORMER });
        recorder = new DeviceRecorder({
            store,
            chain: communicationSealChain(lapFormer.machine.communication, LAP_FORMER),
            logger: pino({ level: 'silent' }),
            opcua: testConfig(LAP_FORMER, 'lap-former', simulator?.endpointUrl ?? ''),
            cadence: { sealEveryMs: 3_000, sealReadings: 10_000 },
        });
        await recorder.start();
        agent = new DeviceAgent({
            machines: [lapFormer.machine],
            checkpointer: FileCheckpointer.open(join(mkdtempSync(join(folder, 'agent-')), 'checkpoint.json')),
            cipher: eciesCipher,
            answer: deviceAnswerer({ stores: new Map([[LAP_FORMER, store]]), legacy: machineAnswerer(folder) }),
            logger: pino({ level: 'silent' }),
            chaincode: 'spindle',
        });
        agentRun = agent.run();
    }

    async function stopLapFormer(): Promise<void> {
        agent?.stop();
        await agentRun;
        await recorder?.stop();
        await store?.close();
        agent = undefined;
        recorder = undefined;
        store = undefined;
    }

    function ask(question: Question): { outcome: ReturnType<typeof runQuery>; steps: QueryStep[] } {
        const steps: QueryStep[] = [];
        const outcome = runQuery({
            requester: carding.machine,
            responderId: LAP_FORMER,
            question: Buffer.from(JSON.stringify(question)),
            cipher: eciesCipher,
            chaincode: 'spindle',
            timeoutMs: 120_000,
            onStep: (step) => steps.push(step),
        });
        return { outcome, steps };
    }

    function lastMinutes(variables: string[], extra: Partial<Question> = {}): Question {
        const now = Date.now();
        return {
            kind: 'readings',
            variables,
            from: new Date(now - 3_600_000).toISOString(),
            to: new Date(now + 1_000).toISOString(),
            mode: 'raw',
            ...extra,
        } as Question;
    }

    before(async function () {
        testNetwork();
        carding = await readyMachine('carding-a1', CARDING_A1);
        lapFormer = await readyMachine('lap-former-b1', LAP_FORMER_B1);
        simulator = await startMachineSimulator({
            machineId: LAP_FORMER,
            machineType: 'lap-former',
            seed: SEED,
            intervalMs: TICK_MS,
        });
        await startLapFormer();
        // Two seals anchored: readings on the chain before the first question.
        await waitUntil(() => (recorder?.recorded ?? 0) >= 40, 60_000, 'readings recorded');
        const sealed = async (): Promise<number> => (await store?.seals(1, 100))?.filter((s) => s.anchor).length ?? 0;
        const deadline = Date.now() + 90_000;
        while ((await sealed()) < 2 && Date.now() < deadline) {
            await new Promise((resolve) => setTimeout(resolve, 500));
        }
        expect(await sealed(), 'anchored seals').to.be.at.least(2);
    });

    after(async function () {
        await stopLapFormer().catch(() => undefined);
        await simulator?.stop().catch(() => undefined);
        carding.machine.close();
        lapFormer.machine.close();
        rmSync(folder, { recursive: true, force: true });
    });

    it('answers a raw readings question across mills with the values the simulator served, every sealed row proven', async function () {
        const { outcome } = ask(lastMinutes(['lapWeight', 'cv']));
        const result = await outcome;
        const answer = parseAnswer(result.answer) as ReadingsAnswer;
        expect(answer.kind).to.equal('readings');
        expect(answer.rows.length).to.be.greaterThan(10);
        const predicted = predictedTicks('lap-former', SEED, 2_000);
        for (const row of answer.rows) {
            const tick = tickOf(simulator as RunningSimulator, row);
            const served = predicted[tick]?.find(({ variable }) => variable === row.variable);
            expect(row.value, `${row.variable} at tick ${tick}`).to.equal(served?.value);
            expect(row.unit).to.equal(served?.unit);
        }
        const verification = result.verification;
        expect(verification?.ok, JSON.stringify(verification)).to.equal(true);
        const sealedRows = answer.rows.filter(
            (row) => row.seq <= Math.max(...(answer.evidence?.seals ?? []).map((s) => s.entry.lastSeq)),
        );
        expect(verification?.ok && verification.proven)
            .to.equal(sealedRows.length)
            .and.to.be.greaterThan(0);
        expect(verification?.ok && verification.proven + verification.unsealed).to.equal(answer.rows.length);
        // Each block the proofs reach is anchored in public state, as any mill reads it.
        for (const block of verification?.ok ? verification.blocks : []) {
            const anchor = await carding.machine.communication.blockHash(block.machineId, block.seq);
            expect(anchor.seq).to.equal(block.seq);
        }
    });

    it("answers the last hour's lap weight CV aggregated, recomputed at step 9 from the sealed batches", async function () {
        const now = Date.now();
        const question: Question = {
            kind: 'readings',
            variables: ['cv'],
            from: new Date(now - 3_600_000).toISOString(),
            to: new Date(now).toISOString(),
            mode: 'aggregate',
            everySeconds: 3_600,
        };
        const { outcome, steps } = ask(question);
        const result = await outcome;
        const answer = parseAnswer(result.answer) as ReadingsAnswer;
        expect(answer.buckets).to.have.length(1);
        expect(answer.buckets[0]?.count).to.be.greaterThan(10);
        expect(answer.evidence?.complete).to.equal(true);
        expect(result.verification).to.include({ ok: true });
        expect(result.verification?.ok && result.verification.proven).to.be.greaterThan(0);
        expect(steps.filter((step) => step.step === 9).at(-1)?.title).to.match(/evidence verified/);
    });

    it('rejects the reply at step 9 when a sealed reading was edited in the store, until the query fails', async function () {
        await stopLapFormer();
        const raw = new ClassicLevel<string, string>(join(folder, 'history'));
        // The store's third reading: its numbering starts after what the chain had sealed before.
        const [[key, value] = ['', '{}']] = await raw
            .iterator({ gte: readingKey(1), limit: 3 })
            .all()
            .then((all) => all.slice(2));
        const record = JSON.parse(value) as { seq: number; variable: string; sourceTimestamp: string; value: number };
        expect(key, 'the edited reading').to.equal(readingKey(record.seq));
        const edited = toCanonicalJson({ ...record, value: record.value + 0.5 });
        await raw.batch([
            { type: 'put', key, value: edited },
            { type: 'put', key: indexKey(record.variable, record.sourceTimestamp, record.seq), value: edited },
        ]);
        await raw.close();
        await startLapFormer();
        const { outcome, steps } = ask(lastMinutes([record.variable]));
        const failure = await outcome.then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(SpindleError);
        expect((failure as SpindleError).code).to.equal('QUERY_FAILED');
        const refusals = steps.filter((step) => step.step === 9 && step.outcome === 'retry');
        expect(refusals.length).to.be.at.least(1);
        expect(refusals[0]?.detail).to.match(/READING_NOT_PROVEN/);
    });
});
