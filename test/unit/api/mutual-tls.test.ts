import { KeyObject, X509Certificate, createHash, webcrypto } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';

import { apiConfigSchema, buildApiServer } from '@spindle/api';

import { testClient } from './support/api-clients';
import { fakePort } from './support/fake-port';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const VALIDITY = { notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 3_600_000) };

/** A key pair and its certificate, PEM, with the key pair itself to sign others. */
interface Pem {
    key: string;
    cert: string;
    keys: webcrypto.CryptoKeyPair;
    name: string;
}

let serial = 1;

/** A self-signed CA, or a certificate `ca` signs: a server's for 127.0.0.1, or a client's. */
async function issue(name: string, ca?: Pem, usage: 'server' | 'client' = 'client'): Promise<Pem> {
    const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
    serial += 1;
    const certificate =
        ca === undefined
            ? await x509.X509CertificateGenerator.createSelfSigned({
                  serialNumber: serial.toString(16).padStart(2, '0'),
                  name: `CN=${name}`,
                  keys,
                  signingAlgorithm: ALGORITHM,
                  ...VALIDITY,
                  extensions: [
                      new x509.BasicConstraintsExtension(true, undefined, true),
                      new x509.KeyUsagesExtension(
                          x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.digitalSignature,
                          true,
                      ),
                  ],
              })
            : await x509.X509CertificateGenerator.create({
                  serialNumber: serial.toString(16).padStart(2, '0'),
                  subject: `CN=${name}`,
                  issuer: `CN=${ca.name}`,
                  publicKey: keys.publicKey,
                  signingKey: ca.keys.privateKey,
                  signingAlgorithm: ALGORITHM,
                  ...VALIDITY,
                  extensions:
                      usage === 'server'
                          ? [new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }])]
                          : [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth])],
              });
    const key = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString();
    return { key, cert: certificate.toString('pem'), keys, name };
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
        ca = await issue('clients-ca');
        const server = await issue('api-server', ca, 'server');
        client = await issue('mes-carding', ca);
        stranger = await issue('stranger');
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
