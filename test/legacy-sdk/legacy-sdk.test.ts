import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect, checkServerIdentity } from 'node:tls';
import { expect } from 'chai';
import { type ConnectionProfile, type MillConfig, connectionProfileFile } from '@spindle/network';

import { testNetwork } from '../support/local-network';
import { spindle } from '../support/spindle-cli';

interface AppRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

interface LotEvent {
    eventName: string;
    payload: unknown;
    transactionId: string;
    valid: boolean;
    blockNumber: string;
    endorsedBy: string[];
}

const MILL_MSP_IDS = ['MillAMSP', 'MillBMSP', 'MillCMSP'];

const unique = (prefix: string) =>
    `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;

function appFile(): string {
    return join(testNetwork().ctx.paths.repoRoot, 'examples', 'legacy-sdk', 'bale-app.js');
}

function millA(): MillConfig {
    const mill = testNetwork().ctx.config.mills.find((candidate) => candidate.name === 'MillA');
    if (!mill) {
        throw new Error('no MillA');
    }
    return mill;
}

/** Runs the fabric-network 2.2 application once, as a mill's developer runs it. */
function runApp(args: string[], environment: NodeJS.ProcessEnv): Promise<AppRun> {
    return new Promise((resolve) => {
        execFile(
            process.execPath,
            [appFile(), ...args],
            { env: { ...process.env, ...environment }, timeout: 60_000 },
            (error, stdout, stderr) => {
                resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
            },
        );
    });
}

/** The application's `watch`, started and listening; `done` resolves with its output when it ends. */
async function startWatch(
    lotId: string,
    environment: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; done: Promise<AppRun> }> {
    const child = spawn(process.execPath, [appFile(), 'watch', '--until', lotId], {
        env: { ...process.env, ...environment },
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const listening = new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
            stdout += chunk.toString('utf8');
            if (stdout.includes('{"listening":true}')) {
                resolve();
            }
        });
        child.once('exit', () => {
            reject(new Error(`watch ended before it listened: ${stderr}`));
        });
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const done = new Promise<AppRun>((resolve) => {
        child.once('exit', (code) => {
            resolve({ code, stdout, stderr });
        });
    });
    await listening;
    return { child, done };
}

function jsonLines(text: string): unknown[] {
    return text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
}

function eventOf(run: AppRun, lotId: string): LotEvent {
    const event = jsonLines(run.stdout).find(
        (line): line is LotEvent =>
            typeof line === 'object' &&
            line !== null &&
            'payload' in line &&
            JSON.stringify((line as LotEvent).payload) === JSON.stringify({ lotId }),
    );
    if (!event) {
        throw new Error(`no event for ${lotId} in: ${run.stdout} ${run.stderr}`);
    }
    return event;
}

/** Opens TLS to a node as the profile says (its CA, its server name) and returns the certificate it served. */
function handshake(url: string, caPem: string, serverName: string): Promise<X509Certificate> {
    const { hostname, port } = new URL(url.replace(/^grpcs:/, 'https:'));
    return new Promise((resolve, reject) => {
        const socket = tlsConnect({
            host: hostname,
            port: Number(port),
            ca: caPem,
            servername: serverName,
            ALPNProtocols: ['h2'],
            checkServerIdentity: (_host, certificate) => checkServerIdentity(serverName, certificate),
        });
        socket.once('secureConnect', () => {
            const served = new X509Certificate(socket.getPeerCertificate(true).raw);
            socket.end();
            resolve(served);
        });
        socket.once('error', reject);
    });
}

describe('applications on fabric-network 2.2 (the legacy Node SDK)', function () {
    this.timeout(120_000);
    let profileFile: string;
    let profile: ConnectionProfile;
    let environment: NodeJS.ProcessEnv;

    before(function () {
        const { ctx } = testNetwork();
        profileFile = connectionProfileFile(ctx, millA());
        profile = JSON.parse(readFileSync(profileFile, 'utf8')) as ConnectionProfile;
        const wallet = join(mkdtempSync(join(tmpdir(), 'spindle-legacy-')), 'wallet');
        const exported = spindle('--json', 'wallet', 'export', 'milla-operator', '--to', wallet);
        expect(exported.status, exported.stderr).to.equal(0);
        expect(JSON.parse(exported.stdout)).to.deep.equal({
            wallet,
            identities: [{ label: 'milla-operator', mspId: 'MillAMSP' }],
        });
        environment = { CONNECTION_PROFILE: profileFile, WALLET: wallet, IDENTITY: 'milla-operator' };
    });

    it("writes a wallet entry in fabric-network's X.509 format, readable by its owner only", function () {
        const file = join(environment.WALLET ?? '', 'milla-operator.id');
        expect(statSync(file).mode & 0o777).to.equal(0o600);
        const entry = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        expect(entry).to.include({ mspId: 'MillAMSP', type: 'X.509', version: 1 });
        expect(Object.keys(entry.credentials as object).sort()).to.deep.equal(['certificate', 'privateKey']);
    });

    it("names every mill's peer and orderer with its TLS CA and the server name its own certificate carries", async function () {
        const { ctx } = testNetwork();
        const mills = ctx.config.mills;
        expect(profile.client.organization).to.equal('MillA');
        expect(Object.values(profile.organizations).map((organization) => organization.mspid)).to.deep.equal(
            mills.map((mill) => mill.mspId),
        );
        const nodes = [...Object.values(profile.peers), ...Object.values(profile.orderers)];
        expect(nodes.map((node) => node.url)).to.deep.equal([
            ...mills.map((mill) => `grpcs://${mill.host.name}:${mill.ports.peer}`),
            ...mills.map((mill) => `grpcs://${mill.host.name}:${mill.ports.orderer}`),
        ]);
        for (const node of nodes) {
            const serverName = node.grpcOptions['ssl-target-name-override'];
            const served = await handshake(node.url, node.tlsCACerts.pem, serverName);
            expect(served.subjectAltName ?? '', node.url).to.match(new RegExp(`(DNS|IP Address):${serverName}(,|$)`));
        }
        const roles = profile.channels[ctx.config.channel]?.peers ?? {};
        expect(roles['peer0.milla']).to.deep.equal({
            endorsingPeer: true,
            chaincodeQuery: true,
            ledgerQuery: true,
            eventSource: true,
        });
        expect(roles['peer0.millb']).to.include({ endorsingPeer: true, eventSource: false });
        expect(Object.keys(profile.certificateAuthorities)).to.deep.equal(['ca-milla']);
    });

    it('submits, evaluates and hears the LotCreated event, endorsed by a majority of mills found by discovery', async function () {
        const lotId = unique('legacy-bale');
        const watch = await startWatch(lotId, environment);
        const created = await runApp(
            ['create', lotId, '--grams', '220000', '--origin', 'Gujarat', '--grade', 'S-6'],
            environment,
        );
        expect(created.code, created.stderr).to.equal(0);
        const [submitted] = jsonLines(created.stdout) as { transactionId: string; lot: Record<string, unknown> }[];
        expect(submitted?.transactionId).to.match(/^[0-9a-f]{64}$/);
        expect(submitted?.lot).to.include({
            lotId,
            form: 'bale',
            quantityGrams: 220000,
            remainingGrams: 220000,
            ownerMspId: 'MillAMSP',
            origin: 'Gujarat',
            grade: 'S-6',
            status: 'AVAILABLE',
        });

        const shown = await runApp(['show', lotId], environment);
        expect(shown.code, shown.stderr).to.equal(0);
        expect(jsonLines(shown.stdout)).to.deep.equal([submitted?.lot]);

        const watched = await watch.done;
        expect(watched.code, watched.stderr).to.equal(0);
        const event = eventOf(watched, lotId);
        expect(event).to.include({ eventName: 'LotCreated', transactionId: submitted?.transactionId, valid: true });
        expect(event.payload).to.deep.equal({ lotId });
        expect(event.endorsedBy.length).to.be.at.least(2);
        expect(MILL_MSP_IDS).to.include.members(event.endorsedBy);

        // Another mill reads the bale through Spindle's own client: it is on the channel's ledger.
        const elsewhere = spindle('--as', 'millb-operator', '--json', 'material', 'show', lotId);
        expect(elsewhere.status, elsewhere.stderr).to.equal(0);
        expect(JSON.parse(elsewhere.stdout)).to.include({ lotId, ownerMspId: 'MillAMSP', quantityGrams: 220000 });
    });

    it("hands the chaincode's refusal to the 2.2 application with Spindle's code first (CONFLICT, NOT_FOUND)", async function () {
        const lotId = unique('legacy-bale');
        expect((await runApp(['create', lotId, '--grams', '1000'], environment)).code).to.equal(0);
        const again = await runApp(['create', lotId, '--grams', '1000'], environment);
        expect(again.code).to.equal(1);
        expect(again.stderr).to.include(`bale-app: CONFLICT: lot ${lotId} already exists`);
        const missing = await runApp(['show', unique('legacy-missing')], environment);
        expect(missing.code).to.equal(1);
        expect(missing.stderr).to.match(/^bale-app: NOT_FOUND: /m);
    });

    it('with discovery off, has every peer the profile names endorse and commits through its orderers', async function () {
        const lotId = unique('legacy-bale');
        const offline = { ...environment, DISCOVERY: 'off' };
        const watch = await startWatch(lotId, offline);
        const created = await runApp(['create', lotId, '--grams', '1000'], offline);
        expect(created.code, created.stderr).to.equal(0);
        const watched = await watch.done;
        expect(watched.code, watched.stderr).to.equal(0);
        const event = eventOf(watched, lotId);
        expect(event).to.include({ eventName: 'LotCreated', valid: true });
        expect(event.endorsedBy).to.deep.equal(MILL_MSP_IDS);
        const shown = await runApp(['show', lotId], offline);
        expect(jsonLines(shown.stdout)).to.have.nested.property('[0].lotId', lotId);
    });
});
