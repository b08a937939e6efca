import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

import { apiConfigSchema, buildApiServer } from '@spindle/api';

import { testClient } from './support/api-clients';
import { fakePort } from './support/fake-port';

/** A key pair and certificate made by openssl, PEM. */
interface Pem {
    key: string;
    cert: string;
}

function openssl(dir: string, args: string[]): void {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A self-signed CA, or a certificate it signs (with the server's IP address when `server`). */
function issue(dir: string, name: string, ca?: string, server = false): Pem {
    const curve = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`];
    if (ca === undefined) {
        openssl(dir, ['req', '-x509', ...curve, '-out', `${name}.pem`, '-subj', `/CN=${name}`, '-days', '1']);
    } else {
        writeFileSync(
            join(dir, `${name}.ext`),
            server ? 'subjectAltName=IP:127.0.0.1\n' : 'extendedKeyUsage=clientAuth\n',
        );
        openssl(dir, ['req', ...curve, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
        openssl(dir, [
            'x509',
            '-req',
            '-in',
            `${name}.csr`,
            '-CA',
            `${ca}.pem`,
            '-CAkey',
            `${ca}.key`,
            '-CAcreateserial',
            '-out',
            `${name}.pem`,
            '-days',
            '1',
            '-extfile',
            `${name}.ext`,
        ]);
    }
    return {
        key: readFileSync(join(dir, `${name}.key`), 'utf8'),
        cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
    };
}

describe('mutual TLS', function () {
    this.timeout(30_000);
    let app: FastifyInstance;
    let url: URL;
    let ca: Pem;
    let client: Pem;
    let stranger: Pem;
    const keyed = testClient('erp-milla', 'milla-admin');

    before(async function () {
        const dir = mkdtempSync(join(tmpdir(), 'spindle-api-tls-'));
        ca = issue(dir, 'clients-ca');
        const server = issue(dir, 'api-server', 'clients-ca', true);
        client = issue(dir, 'mes-carding', 'clients-ca');
        stranger = issue(dir, 'stranger');
        const fingerprint = createHash('sha256').update(new X509Certificate(client.cert).raw).digest('hex');
        app = await buildApiServer({
            config: apiConfigSchema.parse({
                clients: [{ id: 'mes-carding', certificateSha256: fingerprint, identity: 'carding-a1' }, keyed.entry],
            }),
            port: fakePort().port,
            agentsDir: dir,
            https: { key: server.key, cert: server.cert, clientCa: ca.cert },
        });
        url = new URL(await app.listen({ host: '127.0.0.1', port: 0 }));
    });

    after(async function () {
        await app.close();
    });

    function whoAmI(options: { pem?: Pem; key?: string }): Promise<{ status: number; body: Record<string, unknown> }> {
        return new Promise((resolve, reject) => {
            const sent = request(
                {
                    host: url.hostname,
                    port: url.port,
                    path: '/api/v1/me',
                    ca: ca.cert,
                    // The server's certificate is signed by the same test CA.
                    ...(options.pem === undefined ? {} : { cert: options.pem.cert, key: options.pem.key }),
                    headers: options.key === undefined ? {} : { 'x-api-key': options.key },
                },
                (response) => {
                    let text = '';
                    response.on('data', (chunk: Buffer) => (text += chunk.toString()));
                    response.on('end', () => {
                        resolve({
                            status: response.statusCode ?? 0,
                            body: JSON.parse(text) as Record<string, unknown>,
                        });
                    });
                },
            );
            sent.on('error', reject);
            sent.end();
        });
    }

    it('authenticates a client by its certificate as the one identity it maps to', async function () {
        const response = await whoAmI({ pem: client });
        expect(response.status).to.equal(200);
        expect(response.body).to.include({ clientId: 'mes-carding', identity: 'carding-a1' });
    });

    it('refuses a certificate the client CA did not sign', async function () {
        const response = await whoAmI({ pem: stranger });
        expect([response.status, response.body.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
    });

    it("refuses a certificate together with another client's key", async function () {
        const response = await whoAmI({ pem: client, key: keyed.key });
        expect([response.status, response.body.code]).to.deep.equal([401, 'UNAUTHENTICATED']);
    });

    it('still takes a key from a client without a certificate', async function () {
        const response = await whoAmI({ key: keyed.key });
        expect(response.body).to.include({ clientId: 'erp-milla' });
    });
});
