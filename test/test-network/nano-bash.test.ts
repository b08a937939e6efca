import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';

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
