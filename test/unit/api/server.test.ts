import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

import { PROBLEM_MEDIA_TYPE, apiConfigSchema, buildApiServer } from '@spindle/api';
import { DomainError } from '@spindle/chaincode/protocol';
import { SpindleError } from '@spindle/client';

import { testClient } from './support/api-clients';
import { type PortCall, fakePort } from './support/fake-port';

const ADMIN = testClient('erp-milla', 'milla-admin');
const OPERATOR = testClient('mes-milla', 'milla-operator');
const CARDING = testClient('mes-carding', 'carding-a1');
const RECORD = { machineId: 'carding-a1', status: 'ACTIVE' };

describe('REST API service (on a fake port)', function () {
    let app: FastifyInstance;
    let calls: PortCall[];

    async function serve(answers: Parameters<typeof fakePort>[0] = {}): Promise<void> {
        const fake = fakePort(answers);
        calls = fake.calls;
        app = await buildApiServer({
            config: apiConfigSchema.parse({ clients: [ADMIN.entry, OPERATOR.entry, CARDING.entry] }),
            port: fake.port,
            agentsDir: mkdtempSync(join(tmpdir(), 'spindle-api-agents-')),
            maxWaitSeconds: 5,
        });
    }

    afterEach(async function () {
        await app.close();
    });

    it('refuses a request without a key as a 401 problem with WWW-Authenticate', async function () {
        await serve();
        const response = await app.inject({ method: 'GET', url: '/api/v1/machines/carding-a1' });
        expect(response.statusCode).to.equal(401);
        expect(response.headers['content-type']).to.contain(PROBLEM_MEDIA_TYPE);
        expect(response.headers['www-authenticate']).to.match(/^Bearer/);
        expect(response.json()).to.include({ code: 'UNAUTHENTICATED', status: 401 });
        expect(calls).to.deep.equal([]);
    });

    it('refuses a key no client holds', async function () {
        await serve();
        const response = await app.inject({
            method: 'GET',
            url: '/api/v1/me',
            headers: { 'x-api-key': `${ADMIN.key}x` },
        });
        expect(response.json()).to.include({ code: 'UNAUTHENTICATED' });
    });

    it('maps each key to its one identity, role from the certificate', async function () {
        await serve();
        const response = await app.inject({
            method: 'GET',
            url: '/api/v1/me',
            headers: { authorization: `Bearer ${CARDING.key}` },
        });
        expect(response.json()).to.deep.equal({
            clientId: 'mes-carding',
            identity: 'carding-a1',
            mspId: 'MillAMSP',
            role: 'machine',
            machineId: 'carding-a1',
        });
    });

    it("refuses a machine's client reading another machine's inbox, before any Fabric call", async function () {
        await serve({ inbox: () => [] });
        const response = await app.inject({
            method: 'GET',
            url: '/api/v1/machines/lap-former-b1/inbox',
            headers: { 'x-api-key': CARDING.key },
        });
        expect(response.statusCode).to.equal(403);
        expect(response.json()).to.include({ code: 'NOT_AUTHORIZED' });
        expect(calls).to.deep.equal([]);
    });

    it("refuses a machine's client registering another machine", async function () {
        await serve({ registerMachine: () => RECORD });
        const response = await app.inject({
            method: 'POST',
            url: '/api/v1/machines',
            headers: { 'x-api-key': CARDING.key },
            payload: { machineId: 'carding-a2', machineType: 'carding', line: 'line-1', vendor: 'v' },
        });
        expect(response.statusCode).to.equal(403);
        expect(response.json()).to.include({ code: 'NOT_AUTHORIZED' });
        expect(calls).to.deep.equal([]);
    });

    it("refuses an operator's client an admin's action (its role limits what it may call)", async function () {
        await serve({ changeMachineStatus: () => RECORD });
        const response = await app.inject({
            method: 'POST',
            url: '/api/v1/machines/carding-a1/approve',
            headers: { 'x-api-key': OPERATOR.key },
        });
        expect(response.statusCode).to.equal(403);
        expect(response.json()).to.include({ code: 'NOT_AUTHORIZED' });
        expect(calls).to.deep.equal([]);
    });

    it('answers a transaction with 202 and a job the client polls to its result', async function () {
        await serve({ changeMachineStatus: () => RECORD });
        const accepted = await app.inject({
            method: 'POST',
            url: '/api/v1/machines/carding-a1/approve',
            headers: { 'x-api-key': ADMIN.key },
        });
        expect(accepted.statusCode).to.equal(202);
        const location = accepted.headers.location;
        expect(location).to.match(/^\/api\/v1\/jobs\/[0-9a-f-]{36}$/);
        const polled = await app.inject({ method: 'GET', url: String(location), headers: { 'x-api-key': ADMIN.key } });
        expect(polled.json()).to.include({ status: 'succeeded', kind: 'approve' });
        expect(polled.json<{ result: unknown }>().result).to.deep.equal(RECORD);
        expect(calls).to.deep.equal([
            { operation: 'changeMachineStatus', as: 'milla-admin', args: ['approve', 'carding-a1'] },
        ]);
    });

    it("hides a client's job from every other client", async function () {
        await serve({ changeMachineStatus: () => RECORD });
        const accepted = await app.inject({
            method: 'POST',
            url: '/api/v1/machines/carding-a1/approve',
            headers: { 'x-api-key': ADMIN.key },
        });
        const other = await app.inject({
            method: 'GET',
            url: String(accepted.headers.location),
            headers: { 'x-api-key': OPERATOR.key },
        });
        expect(other.statusCode).to.equal(404);
        expect(other.json()).to.include({ code: 'NOT_FOUND' });
    });

    it('answers with the outcome under Prefer: wait, and a refusal as the problem of its code', async function () {
        await serve({
            registerMachine: () => RECORD,
            changeMachineStatus: () => {
                throw new SpindleError(
                    'NOT_AUTHORIZED',
                    'NOT_AUTHORIZED: only an admin of MillBMSP may approve',
                    'a'.repeat(64),
                );
            },
        });
        const created = await app.inject({
            method: 'POST',
            url: '/api/v1/machines',
            headers: { 'x-api-key': CARDING.key, prefer: 'wait=5' },
            payload: { machineType: 'card', line: 'line-1', vendor: 'v' },
        });
        expect(created.statusCode).to.equal(201);
        expect(created.headers['preference-applied']).to.equal('wait=5');
        expect(calls[0]?.args[0]).to.include({
            machineId: 'carding-a1',
            ownerMspId: 'MillAMSP',
            machineType: 'carding',
            processStep: 'carding',
            serialNumber: 'carding-a1',
        });
        const refused = await app.inject({
            method: 'POST',
            url: '/api/v1/machines/drawing-b1/approve',
            headers: { 'x-api-key': ADMIN.key, prefer: 'wait=5' },
        });
        expect(refused.statusCode).to.equal(403);
        expect(refused.headers['content-type']).to.contain(PROBLEM_MEDIA_TYPE);
        expect(refused.json()).to.deep.include({
            code: 'NOT_AUTHORIZED',
            detail: 'only an admin of MillBMSP may approve',
            transactionId: 'a'.repeat(64),
            type: '/api/v1/problems/NOT_AUTHORIZED',
        });
    });

    it('names every field a body gets wrong', async function () {
        await serve();
        const response = await app.inject({
            method: 'POST',
            url: '/api/v1/lots',
            headers: { 'x-api-key': OPERATOR.key },
            payload: { lotId: 'Bad Id', quantityGrams: -1, origin: 'x' },
        });
        expect(response.statusCode).to.equal(400);
        const names = response.json<{ invalidParams: { name: string }[] }>().invalidParams.map((param) => param.name);
        expect(names).to.include.members(['body.lotId', 'body.quantityGrams', 'body.grade']);
    });

    it('refuses a body that is not JSON with 415 UNSUPPORTED_MEDIA_TYPE', async function () {
        await serve();
        const response = await app.inject({
            method: 'POST',
            url: '/api/v1/lots',
            headers: { 'x-api-key': OPERATOR.key, 'content-type': 'text/plain' },
            payload: 'bale',
        });
        expect(response.statusCode).to.equal(415);
        expect(response.json()).to.include({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it("answers a chaincode's NOT_FOUND on a read as 404", async function () {
        await serve({
            lot: () => {
                throw new SpindleError('NOT_FOUND', 'NOT_FOUND: lot bale-9 does not exist');
            },
        });
        const response = await app.inject({
            method: 'GET',
            url: '/api/v1/lots/bale-9',
            headers: { 'x-api-key': OPERATOR.key },
        });
        expect(response.statusCode).to.equal(404);
        expect(response.json()).to.include({ code: 'NOT_FOUND', instance: '/api/v1/lots/bale-9' });
    });

    it('says nothing of an unexpected error but its code', async function () {
        await serve({
            lot: () => {
                throw new Error('secret internals');
            },
        });
        const response = await app.inject({
            method: 'GET',
            url: '/api/v1/lots/bale-9',
            headers: { 'x-api-key': OPERATOR.key },
        });
        expect(response.statusCode).to.equal(500);
        expect(response.json()).to.include({ code: 'UNEXPECTED' });
        expect(response.body).not.to.contain('secret');
    });

    it('streams a query job as step events ending in succeeded', async function () {
        await serve({
            runQuery: (_as, _to, _question, _timeout, onStep) => {
                const step = onStep as (step: unknown) => void;
                for (let number = 1; number <= 9; number += 1) {
                    step({
                        step: number,
                        title: `step ${number}`,
                        outcome: 'ok',
                        detail: '',
                        atMs: number,
                        clock: 'requester',
                    });
                }
                return { queryId: 'q'.repeat(64), answer: Buffer.from('{"ok":true}'), steps: [], totalMs: 9 };
            },
        });
        const accepted = await app.inject({
            method: 'POST',
            url: '/api/v1/queries',
            headers: { 'x-api-key': CARDING.key },
            payload: { to: 'lap-former-b1', question: { kind: 'status' } },
        });
        expect(accepted.statusCode).to.equal(202);
        const stream = await app.inject({
            method: 'GET',
            url: `${String(accepted.headers.location)}/events`,
            headers: { 'x-api-key': CARDING.key },
        });
        expect(stream.headers['content-type']).to.contain('text/event-stream');
        const names = [...stream.body.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
        expect(names).to.deep.equal([...Array<string>(9).fill('step'), 'succeeded']);
        expect(stream.body).to.contain('"answer":{"ok":true}');
    });

    it('counts transactions by outcome in the metrics', async function () {
        await serve({
            createLot: () => {
                throw new DomainError('CONFLICT', 'lot bale-1 exists');
            },
        });
        await app.inject({
            method: 'POST',
            url: '/api/v1/lots',
            headers: { 'x-api-key': OPERATOR.key, prefer: 'wait=5' },
            payload: { lotId: 'bale-1', quantityGrams: 1000, origin: 'x', grade: 'y' },
        });
        const metrics = await app.inject({ method: 'GET', url: '/metrics' });
        expect(metrics.body).to.match(/spindle_api_transactions_total\{operation="createLot",outcome="CONFLICT"\} 1/);
        expect(metrics.body).to.match(
            /spindle_api_request_duration_seconds_count\{method="POST",route="\/api\/v1\/lots",status="409"\} 1/,
        );
    });

    it('serves the OpenAPI document and the UI without a key', async function () {
        await serve();
        const document = await app.inject({ method: 'GET', url: '/openapi.json' });
        expect(document.json()).to.include({ openapi: '3.0.3' });
        const ui = await app.inject({ method: 'GET', url: '/docs/' });
        expect(ui.statusCode).to.equal(200);
        expect(ui.body).to.contain('swagger');
    });

    it('answers an unknown route with a problem, leaving / free', async function () {
        await serve();
        const response = await app.inject({
            method: 'GET',
            url: '/api/v1/nothing',
            headers: { 'x-api-key': ADMIN.key },
        });
        expect(response.statusCode).to.equal(404);
        expect(response.json()).to.include({ code: 'NOT_FOUND' });
    });

    it('reports unready as a 503 problem when the peer cannot be read', async function () {
        await serve({
            channelHeight: () => {
                throw new SpindleError('UNAVAILABLE', 'no peer');
            },
        });
        const response = await app.inject({ method: 'GET', url: '/readyz' });
        expect(response.statusCode).to.equal(503);
        expect(response.json()).to.include({ code: 'UNAVAILABLE' });
    });
});
