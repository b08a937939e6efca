import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'puppeteer-core' with { 'resolution-mode': 'import' };

import { newPeerClient } from '@spindle/client';

import {
    type GatewayProfile,
    type NetworkContext,
    decodeValidationParameter,
    describePolicy,
    loadContext,
    readGatewayProfile,
    resolvePaths,
} from '@spindle/network';

import { call, readEvents } from '../api/http-client';
import { type RunningApi, serveApi } from '../console/api-service';
import { openBrowser, openPage, screenshot, strings, textOf, useKey } from '../console/browser';
import {
    NANO_BASH_PORTS,
    type NanoBashLayout,
    type NanoBashRun,
    layOutNanoBash,
    nanoBashPath,
    startNanoBash,
    stopNanoBash,
    takenPorts,
} from './nano-bash';

interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

/**
 * Spindle on the Fabric samples' test-network-nano-bash, deployed as a user would: nano-bash's
 * own `network.sh start` from a temporary copy of the vendored folder, Spindle's node builder
 * (configure-nano-bash.sh), `npm run network -- samples`, its deploy script, then the `spindle`
 * CLI, an agent and a 9-step query from an Org1 machine to an Org2 machine.
 */
describe("Spindle on the Fabric samples' test-network-nano-bash", function () {
    const ctx: NetworkContext = loadContext(resolvePaths(undefined, mkdtempSync(join(tmpdir(), 'spindle-nano-run-'))));
    const repo = ctx.paths.repoRoot;
    let laidOut: NanoBashLayout | undefined;
    const nano = (): NanoBashLayout => {
        if (!laidOut) {
            throw new Error('nano-bash is not laid out');
        }
        return laidOut;
    };
    let network: NanoBashRun | undefined;

    const tool = (...args: string[]): Run =>
        command(process.execPath, [join(repo, 'network', 'dist', 'cli.js'), ...args]);
    const spindleIn =
        (runDir: string) =>
        (...args: string[]): Run =>
            command(process.execPath, [join(repo, 'client', 'dist', 'cli', 'main.js'), '--run-dir', runDir, ...args]);

    before(async function () {
        const taken = await takenPorts();
        expect(taken, "nano-bash's fixed ports must be free (another nano-bash running?)").to.deep.equal([]);
        laidOut = await layOutNanoBash(ctx, mkdtempSync(join(tmpdir(), 'spindle-nano-')));
        const configured = command(join(repo, 'network', 'builders', 'configure-nano-bash.sh'), [], nano().dir);
        expect(configured.status, configured.stderr).to.equal(0);
    });

    afterEach(function () {
        if (this.currentTest?.state === 'failed' && network) {
            process.stderr.write(`network log: ${network.log}\n`);
        }
    });

    after(async function () {
        if (network) {
            await stopNanoBash(network);
        }
        if (process.env.SPINDLE_KEEP_NANO_BASH !== '1') {
            if (laidOut) {
                rmSync(laidOut.root, { recursive: true, force: true });
            }
            rmSync(ctx.paths.runDir, { recursive: true, force: true });
        }
    });

    it("listens on no port of the project's own networks (port offsets 0 and 500)", function () {
        const projectPorts = new Set(
            [0, 500].flatMap((offset) =>
                ctx.config.mills.flatMap((mill) => Object.values(mill.ports).map((port) => port + offset)),
            ),
        );
        expect(NANO_BASH_PORTS.filter((port) => projectPorts.has(port))).to.deep.equal([]);
    });

    describe('the cryptogen path (network.sh start)', function () {
        let out: string;

        before(async function () {
            network = await startNanoBash(ctx, nano(), false);
            out = mkdtempSync(join(tmpdir(), 'spindle-nano-samples-'));
        });

        after(async function () {
            if (network) {
                await stopNanoBash(network);
                network = undefined;
            }
            command(join(nano().dir, 'network.sh'), ['clean'], nano().dir, { PATH: nanoBashPath(ctx, nano()) });
            rmSync(out, { recursive: true, force: true });
        });

        it('records the processes network.sh started: three orderers and four peers', function () {
            const commands = network?.pids.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
            expect(commands?.filter((name) => name === 'orderer')).to.have.length(3);
            expect(commands?.filter((name) => name === 'peer')).to.have.length(4);
        });

        it("writes profiles from the network found: crypto-config, nano-bash's ports, the peer certificate's name; MillC left out", function () {
            const result = tool('samples', '--out', out, '--test-network', nano().dir);
            expect(result.status, result.stderr).to.equal(0);
            expect(result.stdout).to.match(/MillC is not deployed/);
            const org1 = readGatewayProfile(join(out, 'gateway', 'org1.json'));
            expect(org1).to.include({ mill: 'MillA', mspId: 'Org1MSP', peerEndpoint: '127.0.0.1:7051' });
            expect(org1.tlsServerName).to.equal('peer0.org1.example.com');
            expect(org1.tlsRootCertificate).to.equal(
                join(
                    nano().dir,
                    'crypto-config/peerOrganizations/org1.example.com/peers/peer0.org1.example.com/tls/ca.crt',
                ),
            );
            expect(org1.caUrl, 'cryptogen runs no CA').to.equal(undefined);
            expect(readGatewayProfile(join(out, 'gateway', 'org2.json'))).to.include({
                mspId: 'Org2MSP',
                peerEndpoint: '127.0.0.1:7055',
            });
            const collections = JSON.parse(readFileSync(join(out, 'collections-config.json'), 'utf8')) as {
                name: string;
            }[];
            expect(collections.map((collection) => collection.name)).to.deep.equal(['mill-Org1MSP', 'mill-Org2MSP']);
        });

        it('reaches a peer by IP with the TLS name from its certificate, where an assumed localhost fails', async function () {
            const org1 = readGatewayProfile(join(out, 'gateway', 'org1.json'));
            expect(await handshake(org1.peerEndpoint, org1.tlsRootCertificate, org1.tlsServerName)).to.equal('ok');
            expect(await handshake(org1.peerEndpoint, org1.tlsRootCertificate, 'localhost')).to.not.equal('ok');
        });

        it('says plainly that cryptogen identities cannot carry spindle.role: CA_MISSING, exit 35', function () {
            const result = spindleIn(out)(
                'identity',
                'enroll',
                'milla-admin',
                '--role',
                'admin',
                '--registrar',
                'admin:adminpw',
            );
            expect(result.status, result.stderr).to.equal(35);
            expect(result.stderr).to.match(/CA_MISSING: .*cryptogen/);
        });
    });

    describe('the -ca path (network.sh start -ca)', function () {
        let out: string;
        let spindle: (...args: string[]) => Run;
        let spindleAsync: (...args: string[]) => Promise<Run>;
        let agent: ChildProcess | undefined;

        before(async function () {
            network = await startNanoBash(ctx, nano(), true);
            out = mkdtempSync(join(tmpdir(), 'spindle-nano-samples-'));
            spindle = spindleIn(out);
            spindleAsync = (...args) =>
                commandAsync(process.execPath, [
                    join(repo, 'client', 'dist', 'cli', 'main.js'),
                    '--run-dir',
                    out,
                    ...args,
                ]);
        });

        after(async function () {
            const child = agent;
            if (child && child.exitCode === null) {
                const exited = new Promise((resolve) => child.once('exit', resolve));
                child.kill('SIGTERM');
                await exited;
            }
            if (network) {
                await stopNanoBash(network);
                network = undefined;
            }
            rmSync(out, { recursive: true, force: true });
        });

        it("deploys with the samples output and commits Spindle's endorsement policy, not the channel's any-one default", function () {
            const samples = tool(
                'samples',
                '--out',
                out,
                '--test-network',
                nano().dir,
                '--orgs',
                'MillA=Org1MSP,MillB=Org2MSP',
            );
            expect(samples.status, samples.stderr).to.equal(0);
            const profile: GatewayProfile = readGatewayProfile(join(out, 'gateway', 'org1.json'));
            expect(profile.caUrl).to.equal('https://localhost:5053');
            expect(existsSync(profile.caCertificate ?? '')).to.equal(true);

            const deployed = command(join(out, 'deploy-chaincode.sh'), [], nano().dir, {
                PATH: nanoBashPath(ctx, nano()),
            });
            expect(deployed.status, deployed.stderr.slice(-3000)).to.equal(0);

            const committed = command(
                'sh',
                ['-c', '. ./peer1admin.sh && peer lifecycle chaincode querycommitted -C mychannel -n spindle -O json'],
                nano().dir,
                { PATH: nanoBashPath(ctx, nano()) },
            );
            expect(committed.status, committed.stderr).to.equal(0);
            const parameter = (JSON.parse(committed.stdout) as { validation_parameter: string }).validation_parameter;
            expect(describePolicy(decodeValidationParameter(Buffer.from(parameter, 'base64')))).to.equal(
                "AND('Org1MSP.peer', 'Org2MSP.peer')",
            );
        });

        it("enrolls admins, operators and machines with Spindle's attributes at the CA the profile names", async function () {
            // Each mill's IT team enrolls its own identities; the two mills do so at once.
            await Promise.all(
                (
                    [
                        ['milla', 'carding-a1'],
                        ['millb', 'lap-former-b1'],
                    ] as const
                ).map(async ([mill, machine]) => {
                    for (const args of [
                        [`${mill}-admin`, '--role', 'admin', '--registrar', 'admin:adminpw'],
                        [`${mill}-operator`, '--role', 'operator'],
                        [machine, '--role', 'machine', '--mill', mill],
                    ]) {
                        const result = await spindleAsync('identity', 'enroll', ...args);
                        expect(result.status, result.stderr).to.equal(0);
                    }
                }),
            );
        });

        it('registers and approves an Org1 and an Org2 machine through the CLI', async function () {
            await Promise.all(
                ['carding-a1', 'lap-former-b1'].map(async (machine) => {
                    const registered = await spindleAsync('machine', 'register', machine, '--vendor', 'Rieter');
                    expect(registered.status, registered.stderr).to.equal(0);
                    const approved = await spindleAsync('machine', 'approve', machine);
                    expect(approved.status, approved.stderr).to.equal(0);
                    expect(approved.stdout).to.match(/ACTIVE/);
                }),
            );
            const listed = spindle('--as', 'millb-operator', 'machine', 'list', '--status', 'ACTIVE');
            expect(listed.status, listed.stderr).to.equal(0);
            expect(listed.stdout)
                .to.match(/carding-a1/)
                .and.to.match(/lap-former-b1/);
        });

        it("answers an Org1 machine's 9-step query to an Org2 machine through the Org2 machine's agent", function () {
            agent = spawn(
                process.execPath,
                [
                    join(repo, 'client', 'dist', 'cli', 'main.js'),
                    '--run-dir',
                    out,
                    'agent',
                    '--machine',
                    'lap-former-b1',
                    '--checkpoint',
                    join(out, 'agent-checkpoint.json'),
                ],
                { stdio: 'ignore' },
            );
            const result = spindle('--json', 'query', 'carding-a1', 'lap-former-b1', 'status');
            expect(result.status, result.stderr).to.equal(0);
            const answered = JSON.parse(result.stdout) as {
                steps: { step: number; outcome: string }[];
                answer: { machineId: string };
            };
            const stepsOk = [
                ...new Set(answered.steps.filter((step) => step.outcome === 'ok').map((step) => step.step)),
            ];
            expect(stepsOk.sort((x, y) => x - y)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
            expect(answered.answer.machineId).to.equal('lap-former-b1');
        });

        describe('`npm run api` and the web console on nano-bash', function () {
            let api: RunningApi | undefined;
            let browser: Browser | undefined;

            before(async function () {
                // Each client's key as the README's steps make it: `npm run api -- keys add`.
                const keys: Record<string, string> = {};
                for (const identity of ['milla-admin', 'carding-a1', 'millb-admin']) {
                    const added = command(process.execPath, [
                        join(repo, 'api', 'dist', 'main.js'),
                        '--run-dir',
                        out,
                        'keys',
                        'add',
                        `nano-${identity}`,
                        '--identity',
                        identity,
                    ]);
                    expect(added.status, added.stderr).to.equal(0);
                    keys[identity] = added.stdout.trim();
                }
                api = await serveApi(['--run-dir', out], keys);
            });

            after(async function () {
                await browser?.close();
                await api?.stop();
            });

            const running = (): RunningApi => {
                if (!api) {
                    throw new Error('the API service is not running');
                }
                return api;
            };

            it("lists both organisations' machines and answers a 9-step query from Org1 to Org2", async function () {
                const { base, keys } = running();
                const listed = await call(base, 'GET', '/api/v1/machines', keys['millb-admin']);
                expect(listed.status, JSON.stringify(listed.body)).to.equal(200);
                const machines = listed.body.items as
                    { machineId: string; ownerMspId: string; status: string }[] | undefined;
                expect(
                    machines?.map((machine) => `${machine.machineId}:${machine.ownerMspId}:${machine.status}`).sort(),
                ).to.deep.equal(['carding-a1:Org1MSP:ACTIVE', 'lap-former-b1:Org2MSP:ACTIVE']);

                const accepted = await call(base, 'POST', '/api/v1/queries', keys['carding-a1'], {
                    body: { to: 'lap-former-b1', question: { kind: 'status' } },
                });
                expect(accepted.status, JSON.stringify(accepted.body)).to.equal(202);
                const jobEvents = await readEvents(
                    `${base}${(accepted.body.links as { events: string }).events}`,
                    keys['carding-a1'] ?? '',
                    (event) => event.event !== 'step',
                    150_000,
                );
                const last = jobEvents.at(-1);
                expect(last?.event, JSON.stringify(last?.data)).to.equal('succeeded');
                const result = last?.data as {
                    answer: { machineId?: string };
                    steps: { step: number; outcome: string }[];
                };
                expect(result.answer.machineId).to.equal('lap-former-b1');
                expect(lastOutcomes(result.steps)).to.deep.equal(Array<string>(9).fill('ok'));
            });

            it("shows the machines by organisation and a query's 9 steps in Chromium", async function () {
                const { base, keys } = running();
                browser = await openBrowser();
                const page = await browser.newPage();
                await page.goto(base, { waitUntil: 'load' });
                await useKey(page, keys['milla-admin'] ?? '', 'milla-admin');
                await openPage(page, '#/machines');
                await page.waitForSelector('section[data-mill="Org2MSP"] tr[data-machine="lap-former-b1"]');
                expect(
                    await strings(
                        page,
                        `[...document.querySelectorAll('section[data-mill] tr[data-machine]')].map((r) => r.closest('section').dataset.mill + ':' + r.dataset.machine + ':' + r.dataset.status)`,
                    ),
                ).to.deep.equal(['Org1MSP:carding-a1:ACTIVE', 'Org2MSP:lap-former-b1:ACTIVE']);
                await screenshot(page, 'nano-bash-machines');

                await useKey(page, keys['carding-a1'] ?? '', 'carding-a1');
                await openPage(page, '#/query?to=lap-former-b1');
                await page.select('#query-kind', 'status');
                await page.click('#ask');
                await page.waitForSelector('#query-outcome .answer-body, #query-outcome .notice-error', {
                    timeout: 150_000,
                });
                expect(await textOf(page, '#query-outcome .notice-error')).to.equal('');
                expect(await textOf(page, '#query-outcome .answer-body')).to.contain('lap-former-b1');
                const steps = await strings(
                    page,
                    `[...document.querySelectorAll('#query-steps li[data-outcome]')].map((s) => s.dataset.step + ':' + s.dataset.outcome)`,
                );
                expect(
                    lastOutcomes(
                        steps.map((entry) => {
                            const [step, outcome] = entry.split(':');
                            return { step: Number(step), outcome: outcome ?? '' };
                        }),
                    ),
                ).to.deep.equal(Array<string>(9).fill('ok'));
            });
        });
    });
});

function command(file: string, args: string[], cwd?: string, env: NodeJS.ProcessEnv = {}): Run {
    const result = spawnSync(file, args, {
        cwd,
        encoding: 'utf8',
        timeout: 240_000,
        env: { ...process.env, ...env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function commandAsync(file: string, args: string[]): Promise<Run> {
    return new Promise((resolve) => {
        execFile(file, args, { encoding: 'utf8', timeout: 240_000 }, (error, stdout, stderr) => {
            const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
            resolve({ status, stdout, stderr });
        });
    });
}

/** Each step's last outcome, in step order (a step-9 rejection answered again shows as retry, then ok). */
function lastOutcomes(steps: readonly { step: number; outcome: string }[]): string[] {
    const last = new Map(steps.map((entry) => [entry.step, entry.outcome]));
    return [...last.keys()].sort((x, y) => x - y).map((step) => last.get(step) ?? '');
}

/** Whether a TLS connection to a peer comes up within seconds, checked against `tlsServerName`. */
function handshake(endpoint: string, tlsRootCertificate: string, tlsServerName: string | undefined): Promise<string> {
    const client = newPeerClient(endpoint, tlsRootCertificate, tlsServerName);
    return new Promise((resolve) => {
        client.waitForReady(Date.now() + 5_000, (error) => {
            client.close();
            resolve(error ? error.message : 'ok');
        });
    });
}
