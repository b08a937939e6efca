import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';

import { ClientPort, apiConfigSchema, buildApiServer, hashApiKey, newApiKey } from '@spindle/api';
import { DeviceAgent, FileCheckpointer, eciesCipher } from '@spindle/client';

import { testNetwork } from '../support/local-network';
import { enrollNewMachine, freePort } from '../support/new-machine';
import { LAP_FORMER_B1 } from '../support/line-machines';
import { type ReadyMachine, readyMachine } from '../support/machines';
import { call, readEvents } from './http-client';

const LAP_ANSWER = { lapWeightGPerM: 68.2, cvPercent: 1.8, status: 'running' };

describe('REST API for MES and ERP on the real network', function () {
    this.timeout(180_000);

    const newMachineId = `api-carding-a${String(Date.now() % 1_000_000_000)}`;
    const keys = { admin: newApiKey(), operator: newApiKey(), machine: newApiKey(), lapFormer: newApiKey() };
    let app: FastifyInstance;
    let port: ClientPort;
    let base: string;
    let configFile: string;
    let agentsDir: string;
    let lapFormer: ReadyMachine;
    let agent: DeviceAgent | undefined;
    let agentRun: Promise<void> = Promise.resolve();

    before(async function () {
        const { ctx } = testNetwork();
        const runDir = ctx.paths.runDir;
        await enrollNewMachine(ctx, 'MillA', newMachineId);
        lapFormer = await readyMachine('lap-former-b1', LAP_FORMER_B1);

        const dir = mkdtempSync(join(tmpdir(), 'spindle-api-'));
        agentsDir = join(dir, 'agents');
        mkdirSync(agentsDir);
        configFile = join(dir, 'config.json');
        const config = apiConfigSchema.parse({
            runDir,
            agentsDir,
            probeIdentity: 'milla-operator',
            clients: [
                { id: 'erp-milla', keySha256: hashApiKey(keys.admin), identity: 'milla-admin' },
                { id: 'mes-milla', keySha256: hashApiKey(keys.operator), identity: 'milla-operator' },
                { id: 'mes-new-carding', keySha256: hashApiKey(keys.machine), identity: newMachineId },
                { id: 'mes-lap-former', keySha256: hashApiKey(keys.lapFormer), identity: 'lap-former-b1' },
            ],
        });
        writeFileSync(configFile, JSON.stringify(config));
        port = new ClientPort(runDir, 'milla-operator');
        app = await buildApiServer({ config, port, agentsDir });
        base = await app.listen({ host: '127.0.0.1', port: 0 });
    });

    after(async function () {
        agent?.stop();
        await agentRun;
        await app.close();
        await port.close();
        lapFormer.machine.close();
    });

    it("registers a machine as itself, and its mill's admin approves it through a job", async function () {
        const registered = await call(base, 'POST', '/api/v1/machines', keys.machine, {
            body: { machineType: 'carding', line: 'line-1', vendor: 'Rieter' },
            headers: { prefer: 'wait=60' },
        });
        expect(registered.status, JSON.stringify(registered.body)).to.equal(201);
        expect(registered.body).to.include({ machineId: newMachineId, status: 'PENDING', ownerMspId: 'MillAMSP' });

        const accepted = await call(base, 'POST', `/api/v1/machines/${newMachineId}/approve`, keys.admin);
        expect(accepted.status).to.equal(202);
        const location = accepted.headers.get('location') ?? '';
        let job = accepted.body;
        for (let poll = 0; job.status === 'running' && poll < 120; poll += 1) {
            await new Promise((resolve) => setTimeout(resolve, 250));
            job = (await call(base, 'GET', location, keys.admin)).body;
        }
        expect(job.status, JSON.stringify(job)).to.equal('succeeded');
        expect(job.result).to.include({ machineId: newMachineId, status: 'ACTIVE' });

        const history = await call(base, 'GET', `/api/v1/machines/${newMachineId}/history`, keys.operator);
        expect(
            (history.body as unknown as { value: { lastAction: string } }[]).map((entry) => entry.value.lastAction),
        ).to.deep.equal(['approve', 'register']);
    });

    it('refuses every client acting as an identity it was not given', async function () {
        const noKey = await call(base, 'GET', '/api/v1/me', undefined);
        expect(noKey.status).to.equal(401);
        expect(noKey.body.code).to.equal('UNAUTHENTICATED');

        const otherInbox = await call(base, 'GET', '/api/v1/machines/lap-former-b1/inbox', keys.machine);
        expect([otherInbox.status, otherInbox.body.code]).to.deep.equal([403, 'NOT_AUTHORIZED']);

        const otherRegistration = await call(base, 'POST', '/api/v1/machines', keys.machine, {
            body: { machineId: 'carding-a2', machineType: 'carding', line: 'line-1', vendor: 'Rieter' },
        });
        expect([otherRegistration.status, otherRegistration.body.code]).to.deep.equal([403, 'NOT_AUTHORIZED']);

        const operatorApproves = await call(base, 'POST', `/api/v1/machines/${newMachineId}/suspend`, keys.operator);
        expect([operatorApproves.status, operatorApproves.body.code]).to.deep.equal([403, 'NOT_AUTHORIZED']);

        // Past the API's own checks, the chaincode refuses a MillA admin suspending MillB's machine.
        const foreignAdmin = await call(base, 'POST', '/api/v1/machines/lap-former-b1/suspend', keys.admin, {
            headers: { prefer: 'wait=60' },
        });
        expect([foreignAdmin.status, foreignAdmin.body.code]).to.deep.equal([403, 'NOT_AUTHORIZED']);
        expect(foreignAdmin.headers.get('content-type')).to.contain('application/problem+json');
        const still = await call(base, 'GET', '/api/v1/machines/lap-former-b1', keys.operator);
        expect(still.body.status).to.equal('ACTIVE');
    });

    it('sends a message from the new machine that the receiver reads, decrypted, in its inbox', async function () {
        const content = `lap weight setpoint 68.2 g/m for ${newMachineId}`;
        const sent = await call(base, 'POST', '/api/v1/messages', keys.machine, {
            body: { to: 'lap-former-b1', type: 'download', content },
            headers: { prefer: 'wait=60' },
        });
        expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
        expect(sent.body).to.include({ senderId: newMachineId, receiverId: 'lap-former-b1', type: 'download' });

        const inbox = await call(base, 'GET', '/api/v1/machines/lap-former-b1/inbox', keys.lapFormer);
        expect(inbox.status).to.equal(200);
        const messages = inbox.body.messages as { messageId: string; signature: string; content: string }[];
        expect(messages.find((message) => message.messageId === sent.body.messageId)).to.include({
            signature: 'signature ok',
            content,
        });
    });

    it('answers refusals and bad requests as problem details with their codes', async function () {
        const unknownReceiver = await call(base, 'POST', '/api/v1/messages', keys.machine, {
            body: { to: 'nobody-a99', content: 'x' },
            headers: { prefer: 'wait=60' },
        });
        expect([unknownReceiver.status, unknownReceiver.body.code]).to.deep.equal([422, 'RECEIVER_UNKNOWN']);
        const missing = await call(base, 'GET', '/api/v1/lots/no-such-bale', keys.operator);
        expect([missing.status, missing.body.code, missing.body.type]).to.deep.equal([
            404,
            'NOT_FOUND',
            '/api/v1/problems/NOT_FOUND',
        ]);
        const invalid = await call(base, 'POST', '/api/v1/lots', keys.operator, {
            body: { lotId: 'Bale 1', quantityGrams: 0, origin: 'Texas', grade: 'M' },
        });
        expect(invalid.status).to.equal(400);
        expect((invalid.body.invalidParams as { name: string }[]).map((param) => param.name)).to.have.members([
            'body.lotId',
            'body.quantityGrams',
        ]);
    });

    it('runs a 9-step query, its steps followed over SSE, and streams its chaincode events', async function () {
        const ready = await call(base, 'GET', '/readyz', undefined);
        const height = String(ready.body.channelHeight);
        // The responder's agent starts at the channel's head and answers from its private area.
        writeFileSync(join(agentsDir, 'lap-former-b1.checkpoint.json'), JSON.stringify({ blockNumber: height }));
        agent = new DeviceAgent({
            machines: [lapFormer.machine],
            checkpointer: FileCheckpointer.open(join(agentsDir, 'lap-former-b1.checkpoint.json')),
            cipher: eciesCipher,
            answer: (machine) =>
                Promise.resolve(Buffer.from(JSON.stringify({ machineId: machine.machineId, ...LAP_ANSWER }))),
            logger: pino({ level: 'silent' }),
            chaincode: lapFormer.machine.session.options.chaincode,
        });
        agentRun = agent.run();

        const chaincodeEvents = readEvents(
            `${base}/api/v1/events?startBlock=${height}&names=QueryRequested,QueryAnswered`,
            keys.operator,
            (_event, all) => all.some((event) => event.event === 'QueryAnswered'),
            90_000,
        );
        const accepted = await call(base, 'POST', '/api/v1/queries', keys.machine, {
            body: { to: 'lap-former-b1', question: { what: 'status and quality' } },
        });
        expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
        const links = accepted.body.links as { events: string };
        const jobEvents = await readEvents(
            `${base}${links.events}`,
            keys.machine,
            (event) => event.event !== 'step',
            90_000,
        );
        const steps = jobEvents
            .filter((event) => event.event === 'step')
            .map((event) => event.data as { step: number; outcome: string });
        expect([...new Set(steps.map((step) => step.step))]).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(steps.every((step) => step.outcome === 'ok')).to.equal(true);
        const last = jobEvents.at(-1);
        expect(last?.event, JSON.stringify(last?.data)).to.equal('succeeded');
        const result = last?.data as { queryId: string; answer: unknown };
        expect(result.answer).to.deep.equal({ machineId: 'lap-former-b1', ...LAP_ANSWER });

        const streamed = await chaincodeEvents;
        const forQuery = streamed.filter(
            (event) => (event.data as { payload: { queryId?: string } }).payload.queryId === result.queryId,
        );
        expect(forQuery.map((event) => event.event)).to.deep.equal(['QueryRequested', 'QueryAnswered']);
        expect(forQuery[0]?.id).to.match(/^\d+:[0-9a-f]{64}$/);

        const record = await call(base, 'GET', `/api/v1/queries/${result.queryId}`, keys.operator);
        expect(record.body.status).to.equal('ANSWERED');
    });

    it("verifies the responder's communication chain and reports its agent's lag", async function () {
        const verification = await call(
            base,
            'GET',
            '/api/v1/machines/lap-former-b1/chain/verification',
            keys.lapFormer,
        );
        expect(verification.status, JSON.stringify(verification.body)).to.equal(200);
        expect(verification.body.ok).to.equal(true);
        const metrics = await (await fetch(`${base}/metrics`)).text();
        expect(metrics).to.match(/^spindle_agent_lag_blocks\{agent="lap-former-b1"\} \d+$/m);
        expect(metrics).to.match(/^spindle_api_transactions_total\{operation="startQuery",outcome="succeeded"\} 1$/m);
    });

    it('starts as `npm run api` does and answers its health and document', async function () {
        const free = await freePort();
        const child = spawn(
            process.execPath,
            [
                join(__dirname, '..', '..', '..', 'api', 'dist', 'main.js'),
                '--config',
                configFile,
                'serve',
                '--port',
                String(free),
            ],
            { stdio: 'ignore' },
        );
        try {
            let health: Response | undefined;
            for (let attempt = 0; attempt < 100 && health?.status !== 200; attempt += 1) {
                await new Promise((resolve) => setTimeout(resolve, 100));
                health = await fetch(`http://127.0.0.1:${free}/healthz`).catch(() => undefined);
            }
            expect(health?.status).to.equal(200);
            const document = (await (await fetch(`http://127.0.0.1:${free}/openapi.json`)).json()) as {
                openapi: string;
            };
            expect(document.openapi).to.equal('3.0.3');
            const me = await call(`http://127.0.0.1:${free}`, 'GET', '/api/v1/me', keys.operator);
            expect(me.body).to.include({ identity: 'milla-operator', role: 'operator' });
        } finally {
            child.kill('SIGTERM');
        }
    });
});
