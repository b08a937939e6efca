import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

import { PROBLEM_MEDIA_TYPE, apiConfigSchema, buildApiServer } from '@spindle/api';

import { fakePort } from './support/fake-port';

describe("REST API service serving the web console's files", function () {
    let app: FastifyInstance;
    let dir: string;

    before(async function () {
        dir = mkdtempSync(join(tmpdir(), 'spindle-console-files-'));
        mkdirSync(join(dir, 'assets'));
        writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Spindle console</title>');
        writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1);');
        app = await buildApiServer({
            config: apiConfigSchema.parse({}),
            port: fakePort().port,
            agentsDir: dir,
            consoleDir: dir,
        });
    });

    after(async function () {
        await app.close();
        rmSync(dir, { recursive: true, force: true });
    });

    it("answers / with the console's index and its assets without a key", async function () {
        const index = await app.inject({ method: 'GET', url: '/' });
        expect([index.statusCode, index.headers['content-type']]).to.deep.equal([200, 'text/html; charset=utf-8']);
        expect(index.body).to.contain('Spindle console');
        const asset = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
        expect(asset.statusCode).to.equal(200);
    });

    it('answers a path that is no file and no route with a NOT_FOUND problem, and keeps /api/v1 behind its key', async function () {
        const missing = await app.inject({ method: 'GET', url: '/assets/nothing.js' });
        expect(missing.statusCode).to.equal(404);
        expect(missing.headers['content-type']).to.contain(PROBLEM_MEDIA_TYPE);
        expect(missing.json<{ code: string }>().code).to.equal('NOT_FOUND');
        const me = await app.inject({ method: 'GET', url: '/api/v1/me' });
        expect([me.statusCode, me.json<{ code: string }>().code]).to.deep.equal([401, 'UNAUTHENTICATED']);
    });

    it('serves no console when none is given', async function () {
        const bare = await buildApiServer({ config: apiConfigSchema.parse({}), port: fakePort().port, agentsDir: dir });
        try {
            expect((await bare.inject({ method: 'GET', url: '/' })).statusCode).to.equal(404);
        } finally {
            await bare.close();
        }
    });
});
