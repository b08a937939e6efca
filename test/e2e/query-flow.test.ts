import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { destination, pino } from 'pino';

import {
    DeviceAgent,
    FileCheckpointer,
    MachineRegistryClient,
    type PayloadCipher,
    type QueryAnswerer,
    type QueryStep,
    SpindleError,
    type SpindleGateway,
    buildPacket,
    eciesCipher,
    localIdentity,
    openLocalSession,
    runQuery,
} from '@spindle/client';

import { channelHeight, untilEveryPeerHasCaughtUp } from '../support/channel-height';
import { testNetwork } from '../support/local-network';
import { CARDING_A1, LAP_FORMER_B1 } from '../support/line-machines';
import { type ReadyMachine, readyMachine } from '../support/machines';

const utf8 = new TextDecoder();

/** What the lap former's private area holds and answers with. */
const LAP_QUALITY = { lapWeightGPerM: 68.2, cvPercent: 1.8, status: 'running' };

/** The lap former's answer to any question. */
const lapQuality: QueryAnswerer = (machine) =>
    Promise.resolve(Buffer.from(JSON.stringify({ machineId: machine.machineId, ...LAP_QUALITY })));

describe('the 9-step query flow end to end', function () {
    this.timeout(180_000);

    let carding: ReadyMachine;
    let lapFormer: ReadyMachine;
    let comber: ReadyMachine;
    let agent: DeviceAgent | undefined;
    let running: Promise<void> = Promise.resolve();
    /** Fails the query being asked when the agent stops by itself, instead of letting it time out. */
    let failAsk: ((error: Error) => void) | undefined;

    /** The channel's height when the running test began: its agent starts there. */
    let testStartHeight = 0n;
    /** MillA's admin: the standing tests suspend carding-a1 with it, and reactivate it after. */
    let adminSession: SpindleGateway;
    let adminA: MachineRegistryClient;

    /**
     * Puts carding-a1 back to ACTIVE if a test suspended it, then waits until every mill's peer
     * has that: the next test's query is endorsed by other mills' peers too, which must not
     * still see the requester SUSPENDED.
     */
    async function restoreCarding(): Promise<void> {
        if ((await adminA.get('carding-a1')).status === 'SUSPENDED') {
            await adminA.reactivate('carding-a1');
        }
        await untilEveryPeerHasCaughtUp(adminSession.network);
    }

    /** The logs of the running test's agents, shown when it fails. */
    let agentLogs: string[] = [];
    /** Every agent's folder (checkpoint and log), removed after the suite. */
    const agentDirs: string[] = [];

    async function startAgent(faults = {}, answer: QueryAnswerer = lapQuality): Promise<void> {
        // The agent starts at the block the test began at, so it sees every query of the test and
        // none of the earlier suites' traffic, which behind the netns layout's WAN delay took
        // minutes to replay from block 0.
        const agentDir = mkdtempSync(join(tmpdir(), 'spindle-agent-'));
        agentDirs.push(agentDir);
        agentLogs.push(join(agentDir, 'agent.log'));
        const checkpointer = FileCheckpointer.open(join(agentDir, 'checkpoint.json'));
        await checkpointer.checkpointBlock(testStartHeight - 1n);
        agent = new DeviceAgent({
            machines: [lapFormer.machine],
            checkpointer,
            cipher: eciesCipher,
            answer,
            logger: pino({ level: 'info' }, destination({ dest: join(agentDir, 'agent.log'), sync: true })),
            chaincode: 'spindle',
            faults,
        });
        running = agent.run().catch((error: unknown) => {
            failAsk?.(new Error(`the lap former's agent stopped by itself (its log follows): ${String(error)}`));
        });
    }

    async function stopAgent(): Promise<void> {
        agent?.stop();
        await running;
        agent = undefined;
    }

    function ask(options: Partial<Parameters<typeof runQuery>[0]> = {}) {
        const steps: QueryStep[] = [];
        const agentDown = new Promise<never>((_, reject) => {
            failAsk = reject;
        });
        const asked = runQuery({
            requester: carding.machine,
            responderId: 'lap-former-b1',
            question: Buffer.from(JSON.stringify({ what: 'status and quality' })),
            cipher: eciesCipher,
            chaincode: 'spindle',
            onStep: (step) => steps.push(step),
            ...options,
        });
        return { outcome: Promise.race([asked, agentDown]), steps };
    }

    before(async function () {
        adminSession = openLocalSession(localIdentity(testNetwork().ctx.paths.runDir, 'milla-admin'));
        adminA = new MachineRegistryClient(adminSession);
        carding = await readyMachine('carding-a1', CARDING_A1);
        lapFormer = await readyMachine('lap-former-b1', LAP_FORMER_B1);
        comber = await readyMachine('comber-c2', {
            machineId: 'comber-c2',
            ownerMspId: 'MillCMSP',
            machineType: 'comber',
            line: 'line-c1',
            processStep: 'combing',
            vendor: 'Rieter',
            serialNumber: 'E86-3001',
        });
    });

    beforeEach(async function () {
        agentLogs = [];
        testStartHeight = await channelHeight(lapFormer.machine);
    });

    afterEach(function () {
        if (this.currentTest?.state === 'failed') {
            for (const log of agentLogs.filter((file) => existsSync(file))) {
                process.stderr.write(`--- the lap former's agent (${log}):\n${readFileSync(log, 'utf8')}`);
            }
        }
    });

    after(async function () {
        await stopAgent().catch(() => undefined);
        adminSession.close();
        for (const dir of agentDirs) {
            rmSync(dir, { recursive: true, force: true });
        }
        carding.machine.close();
        lapFormer.machine.close();
        comber.machine.close();
    });

    it('answers a query through all 9 steps with the content the responder found', async function () {
        await startAgent();
        try {
            const { outcome, steps } = ask();
            const result = await outcome;
            const answer = JSON.parse(utf8.decode(result.answer)) as Record<string, unknown>;
            expect(answer).to.include({ machineId: 'lap-former-b1', lapWeightGPerM: 68.2, cvPercent: 1.8 });
            expect(steps.filter((step) => step.outcome === 'ok').map((step) => step.step)).to.include.members([
                1, 2, 3, 4, 5, 6, 7, 8, 9,
            ]);
            expect(steps.every((step) => step.outcome === 'ok')).to.equal(true);
            const record = await carding.machine.queries.get(result.queryId);
            expect(record.status).to.equal('ANSWERED');
        } finally {
            await stopAgent();
        }
    });

    it('step 2: resends a packet the public area found incomplete', async function () {
        await startAgent();
        try {
            const { outcome, steps } = ask({ sendIncompleteFirst: true });
            await outcome;
            expect(steps.find((step) => step.step === 2)?.outcome).to.equal('retry');
            expect(steps.filter((step) => step.step === 9).at(-1)?.outcome).to.equal('ok');
        } finally {
            await stopAgent();
        }
    });

    it('step 3: fails a query to a machine the Machine-Equipment Blockchain does not know', async function () {
        const { outcome, steps } = ask({ responderId: 'ghost-carding-z9' });
        const failure = await outcome.then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(failure).to.be.instanceOf(SpindleError);
        expect((failure as SpindleError).code).to.equal('RECEIVER_UNKNOWN');
        expect(steps.find((step) => step.step === 3)?.outcome).to.equal('failed');
    });

    it('step 5: a query from a machine suspended before it is read is denied, and the requester told', async function () {
        let agentStarted = false;
        const { outcome, steps } = ask({
            onStep: (step) => {
                steps.push(step);
                if (step.step === 4 && !agentStarted) {
                    agentStarted = true;
                    // The query is in the responder's private area; the requester loses its standing.
                    void adminA.suspend('carding-a1').then(() => startAgent());
                }
            },
        });
        try {
            const failure = await outcome.then(
                () => undefined,
                (error: unknown) => error,
            );
            expect((failure as SpindleError).code, String(failure)).to.equal('QUERY_DENIED');
            expect((failure as SpindleError).message).to.contain('(NOT_AUTHORIZED)');
            expect(steps.find((step) => step.step === 5)?.outcome).to.equal('failed');
        } finally {
            await stopAgent();
            await restoreCarding();
        }
    });

    it('step 6: a requester suspended while its answer is built is denied, not left waiting', async function () {
        // The agent has read carding-a1 ACTIVE (step 5) when MillA suspends it: the peers then
        // refuse to deliver the reply to a SUSPENDED machine, and the agent denies the query.
        await startAgent({}, async (machine, question, requesterId) => {
            await adminA.suspend(requesterId);
            return lapQuality(machine, question, requesterId);
        });
        try {
            const { outcome, steps } = ask();
            const failure = await outcome.then(
                () => undefined,
                (error: unknown) => error,
            );
            expect((failure as SpindleError).code, String(failure)).to.equal('QUERY_DENIED');
            expect((failure as SpindleError).message).to.contain(
                '(NOT_AUTHORIZED): the reply was refused: carding-a1 is no longer ACTIVE',
            );
            expect(steps.find((step) => step.step === 5)?.outcome).to.equal('failed');
        } finally {
            await stopAgent();
            await restoreCarding();
        }
    });

    it('step 2 refuses a query signed with a key that is not the sender’s', async function () {
        const { outcome } = ask({ signingKeyOverride: lapFormer.encryptionKeys.privateKeyPem });
        const failure = await outcome.then(
            () => undefined,
            (error: unknown) => error,
        );
        expect((failure as SpindleError).code).to.equal('SIGNATURE_INVALID');
    });

    it('step 7: the responder resends a reply the public area found incomplete', async function () {
        await startAgent({ incompleteReplies: 1 });
        try {
            const result = await ask().outcome;
            expect(JSON.parse(utf8.decode(result.answer))).to.include({ machineId: 'lap-former-b1' });
        } finally {
            await stopAgent();
        }
    });

    it('step 9: a reply that does not decrypt is rejected and answered again', async function () {
        await startAgent({ misencryptedReplies: 1 });
        try {
            const { outcome, steps } = ask();
            const result = await outcome;
            expect(steps.filter((step) => step.step === 9).map((step) => step.outcome)).to.deep.equal(['retry', 'ok']);
            const record = await carding.machine.queries.get(result.queryId);
            expect(record.rejections).to.have.length(1);
            expect(JSON.parse(utf8.decode(result.answer))).to.include({ cvPercent: 1.8 });
        } finally {
            await stopAgent();
        }
    });

    it("step 5: a ciphertext lifted from another machine's query into a new query is denied, and nothing of it comes back", async function () {
        // What a mill's peer saw when it endorsed carding-a1's query to the lap former.
        const seen = buildPacket(
            {
                senderId: 'carding-a1',
                receiverId: 'lap-former-b1',
                type: 'query',
                plaintext: Buffer.from(JSON.stringify({ what: 'the recipe of lot 7' })),
                receiverEncryptionKeyPem: lapFormer.encryptionKeys.publicKeyPem,
                signingKeyPem: carding.machine.signingKeyPem,
            },
            eciesCipher,
        );
        // MillC's machine wraps that ciphertext in a query of its own, signed by itself.
        const lifting: PayloadCipher = {
            encrypt: () => Buffer.from(seen.payload, 'base64'),
            decrypt: (bytes, key, binding) => eciesCipher.decrypt(bytes, key, binding),
        };
        await startAgent();
        try {
            const { outcome, steps } = ask({ requester: comber.machine, cipher: lifting });
            const failure = await outcome.then(
                (answered) => answered,
                (error: unknown) => error,
            );
            expect((failure as SpindleError).code, String(failure)).to.equal('QUERY_DENIED');
            expect(steps.find((step) => step.step === 5)?.outcome).to.equal('failed');
            // The denial's reason, as the public query record has it.
            expect((failure as SpindleError).message).to.contain('(UNSUPPORTED_QUERY)');
        } finally {
            await stopAgent();
        }
    });
});
