#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { Command, Option } from 'commander';

import { prepareRelease } from './chaincode/chaincode';
import { deployChaincode } from './chaincode/deploy';
import { createGenesisBlock } from './channel/configtx';
import { type NetworkContext, loadContext } from './core/context';
import { NetworkError, type NetworkErrorCode } from './core/errors';
import { debugRequested, failureLines } from './core/failure-report';
import { Progress } from './core/progress';
import { down } from './down';
import { inHostsView, layoutFromEnv, runInHostsView } from './layout';
import { upMill } from './mill-up';
import { addMillCommands } from './mills/mill-commands';
import { followLog, listLogs, logFileOf, parseLineCount, tailLog } from './processes/logs';
import { warnIfNodeUnsupported } from './processes/node-runtime';
import { parseMillMappingOption, writeSamplesDeployment } from './samples';
import { status } from './status';
import { up } from './up';
import { upgrade } from './upgrade';

warnIfNodeUnsupported('network');

/** Exit codes of known failures, so scripts can tell them apart. */
const EXIT_CODES: Record<NetworkErrorCode, number> = {
    CONFIG_INVALID: 2,
    BINARY_MISSING: 3,
    PORT_TAKEN: 4,
    STEP_FAILED: 5,
    HEALTH_TIMEOUT: 6,
    NOT_RUNNING: 7,
    UPDATE_REFUSED: 8,
    WAN_UNSUPPORTED: 9,
    LAYOUT_UNAVAILABLE: 10,
};

const program = new Command('network')
    .description(
        'The local Fabric network of Spindle without Docker: on 127.0.0.1, or each mill on a host of its own (SPINDLE_LAYOUT=netns)',
    )
    .option('--debug', 'print the stack of a failure, not only its one-line reason')
    .showHelpAfterError();

program
    .command('up')
    .description('build Fabric if needed, start CAs, orderers, peers, create the channel, deploy the chaincode')
    .option(
        '--mill <name>',
        "bring up only this mill's part: its host, CA, identities, and its nodes once the genesis block is there",
    )
    .action(async (options: { mill?: string }) => {
        const ctx = loadContext();
        if (options.mill !== undefined) {
            const part = await upMill(ctx, options.mill);
            console.log(
                part.stage === 'joined'
                    ? `${part.mill}'s orderer and peer joined ${ctx.config.channel} with ${part.genesisBlock}.`
                    : `${part.mill}'s CA and identities are ready. Send its organisation definition to the consortium ` +
                          `(README: "Each mill on its own host"); run this again once ${part.genesisBlock} is in place.`,
            );
            return;
        }
        const started = Date.now();
        const outcome = await up(ctx).catch((error: unknown) => {
            console.error('network: up stopped; fix the cause and run it again (it resumes where it stopped),');
            console.error('         or stop what it started with: npm run network -- down');
            throw error;
        });
        console.log(
            `Network up in ${((Date.now() - started) / 1000).toFixed(1)}s: channel ${ctx.config.channel}, ` +
                `chaincode ${ctx.config.chaincode.name} sequence ${outcome.sequence} (${outcome.version}).`,
        );
        console.log(
            `Gateway profiles: ${ctx.paths.runDir}/gateway/<mill>.json; for fabric-network 2.2: ${ctx.paths.runDir}/connection-profile/<mill>.json. Stop it with: npm run network -- down`,
        );
    });

program
    .command('down')
    .description('stop every process the network tool started')
    .option('--wipe', 'also delete crypto material, ledgers and logs (the run folder)', false)
    .action(async (options: { wipe: boolean }) => {
        const ctx = loadContext();
        const outcome = await down(ctx, options);
        console.log(
            outcome.stopped.length > 0 ? `Stopped ${outcome.stopped.join(', ')}.` : 'No network process was running.',
        );
        if (outcome.removedHosts.length > 0) {
            console.log(`Removed the mills' hosts ${outcome.removedHosts.join(', ')}.`);
        }
        if (outcome.wiped) {
            console.log(`Removed ${ctx.paths.runDir}.`);
        }
        if (outcome.portsStillTaken.length > 0) {
            throw new NetworkError('PORT_TAKEN', `ports still in use: ${outcome.portsStillTaken.join(', ')}`);
        }
    });

program
    .command('status')
    .description('health of every CA, orderer, peer and chaincode server, and the committed chaincode')
    .option('--json', 'print JSON for scripts', false)
    .action(async (options: { json: boolean }) => {
        const ctx = loadContext();
        const report = await status(ctx);
        if (options.json) {
            console.log(JSON.stringify(report, null, 2));
        } else {
            for (const c of report.components) {
                const state = c.healthy ? 'healthy' : c.running ? 'UNHEALTHY' : 'STOPPED';
                console.log(
                    `${c.mill.padEnd(6)} ${c.kind.padEnd(9)} ${state.padEnd(9)} pid ${String(c.pid ?? '-').padEnd(7)} ${c.detail}`,
                );
            }
            console.log(
                report.chaincode
                    ? `chaincode ${report.chaincode.name} committed on ${report.channel}: sequence ${report.chaincode.sequence}, version ${report.chaincode.version}\n` +
                          `endorsement policy: ${report.chaincode.endorsementPolicy}`
                    : `chaincode not committed on ${report.channel}`,
            );
        }
        if (!report.healthy) {
            process.exitCode = EXIT_CODES.NOT_RUNNING;
        }
    });

program
    .command('logs')
    .description('list the log files, or print the end of one (a process such as milla-peer, or a step)')
    .argument('[name]', 'a process or step, e.g. milla-peer, millb-chaincode')
    .option('-n, --lines <count>', 'how many lines', '60')
    .option('-f, --follow', 'keep printing what is appended, until Ctrl-C', false)
    .action((name: string | undefined, options: { lines: string; follow: boolean }) => {
        const ctx = loadContext();
        if (!name) {
            listLogs(ctx).forEach((file) => {
                console.log(file);
            });
            return;
        }
        const file = logFileOf(ctx, name);
        const tail = tailLog(file, parseLineCount(options.lines));
        if (tail.text) {
            console.log(tail.text);
        }
        if (options.follow) {
            followLog(file, tail.end, (chunk) => process.stdout.write(chunk));
        }
    });

program
    .command('upgrade')
    .description(
        'commit a new chaincode definition sequence: new chaincode code, or the mill collections for a network of per-machine ones (then: spindle area migrate)',
    )
    .addOption(
        new Option('--approve-with <mills>', 'comma-separated mills that approve (a majority); default all').argParser(
            (value) => value.split(',').map((name) => name.trim()),
        ),
    )
    .action(async (options: { approveWith?: string[] }) => {
        const ctx = loadContext();
        assertRunning(ctx);
        const approvers = (options.approveWith ?? ctx.config.mills.map((mill) => mill.name)).map((name) => {
            const mill = ctx.config.mills.find((candidate) => candidate.name === name);
            if (!mill) {
                throw new NetworkError('CONFIG_INVALID', `unknown mill ${name}`);
            }
            return mill;
        });
        const outcome = await upgrade(ctx, approvers);
        console.log(
            outcome.committed
                ? `Committed sequence ${outcome.sequence} (${outcome.version}), approved by ${outcome.approvedBy.join(', ')}.`
                : `Nothing to commit: sequence ${outcome.sequence} already has ${outcome.version}.`,
        );
        if (outcome.awaitingApproval.length > 0) {
            console.log(
                `${outcome.awaitingApproval.join(', ')} must still approve; until then their peers do not run the chaincode. ` +
                    `Approve with: npm run network -- upgrade --approve-with ${outcome.awaitingApproval.join(',')},${outcome.approvedBy.join(',')}`,
            );
        }
    });

program
    .command('deploy-node')
    .description(
        'deploy the same chaincode as a plain Node package (peer lifecycle chaincode package --lang node), as chaincode <name>-node',
    )
    .action(async () => {
        const ctx = loadContext();
        assertRunning(ctx);
        const progress = new Progress(2);
        const release = await progress.step('Node chaincode package (with its own package-lock.json)', () =>
            prepareRelease(ctx, { kind: 'node' }),
        );
        const outcome = await progress.step('Install (each peer runs npm ci), approve, commit, first call', () =>
            deployChaincode(ctx, release),
        );
        console.log(
            `Chaincode ${release.name} sequence ${outcome.sequence} runs from package ${outcome.packageId} (${release.packageFile}).`,
        );
    });

program
    .command('samples')
    .description(
        "write the chaincode, collections, gateway profiles and deploy script for a Fabric samples' test network (test-network-nano-bash or the Docker test-network)",
    )
    .requiredOption('--out <dir>', 'folder to write into (also a run folder for spindle --run-dir)')
    .option(
        '--test-network <dir>',
        'the test network folder: fabric-samples/test-network-nano-bash (started, for its crypto material) or fabric-samples/test-network',
        '../fabric-samples/test-network',
    )
    .option(
        '--orgs <mapping>',
        'which organisation hosts each deployed mill, e.g. MillA=Org1MSP,MillB=Org2MSP (default: organizations.json, for the organisations the network has)',
    )
    .action(async (options: { out: string; testNetwork: string; orgs?: string }) => {
        const ctx = loadContext();
        const outcome = await writeSamplesDeployment(
            ctx,
            options.out,
            options.testNetwork,
            options.orgs === undefined ? undefined : parseMillMappingOption(options.orgs),
        );
        const mills = Object.entries(outcome.mspIdOfMill).map(([mill, mspId]) => `${mill}->${mspId}`);
        console.log(`Wrote ${outcome.chaincodeDir}, ${outcome.collectionsFile} (${mills.join(', ')})`);
        for (const { mill, reason } of outcome.leftOut) {
            console.log(`${mill} is not deployed: ${reason} (map it with --orgs).`);
        }
        console.log(`and gateway profiles ${outcome.profiles.join(', ')}.`);
        console.log(`Endorsement policy: ${outcome.endorsementPolicy}.`);
        console.log(
            outcome.kind === 'docker'
                ? `Deploy from fabric-samples/test-network: ${outcome.deployScript}`
                : `Deploy (the network running with Spindle's node builder): ${outcome.deployScript}`,
        );
    });

addMillCommands(program);

program
    .command('genesis')
    .description("make the channel's genesis block from every mill's organisation definition (the consortium's step)")
    .action(async () => {
        const ctx = loadContext();
        console.log(`Genesis block: ${await createGenesisBlock(loadContext())} (${ctx.config.mills.length} mills).`);
    });

program
    .command('run')
    .description(
        "run a command that reaches the mills by name (tests, bench): in the netns layout inside a view whose /etc/hosts lists the mills' hosts",
    )
    .argument('<command...>', 'the command and its arguments (put -- before them)')
    .action(async (command: string[]) => {
        const ctx = loadContext();
        const [program, ...args] = command;
        if (program === undefined) {
            throw new NetworkError('CONFIG_INVALID', 'run needs a command');
        }
        process.exitCode =
            ctx.config.layout === 'netns' && !inHostsView()
                ? await runInHostsView(ctx, program, args)
                : await runPlain(program, args);
    });

function assertRunning(ctx: NetworkContext): void {
    const missing = ctx.config.mills.filter((mill) => !ctx.processes.running(`${mill.key}-peer`));
    if (missing.length > 0) {
        throw new NetworkError(
            'NOT_RUNNING',
            `the peers of ${missing.map((mill) => mill.name).join(', ')} are not running; start with "npm run network -- up"`,
        );
    }
}

function runPlain(command: string, args: string[]): Promise<number> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: 'inherit' });
        child.on('error', reject);
        child.on('exit', (code) => {
            resolve(code ?? 1);
        });
    });
}

/**
 * In the netns layout every command but `run` itself runs again inside a hosts view, so the
 * Fabric CLIs it calls (peer, osnadmin, fabric-ca-client) reach the mills by name.
 */
async function main(): Promise<void> {
    const [, script, first] = process.argv;
    const wrap = layoutFromEnv() === 'netns' && !inHostsView() && first !== 'run' && script !== undefined;
    if (wrap) {
        process.exitCode = await runInHostsView(loadContext(), process.execPath, [script, ...process.argv.slice(2)]);
        return;
    }
    await program.parseAsync(process.argv);
}

main().catch((error: unknown) => {
    for (const line of failureLines(error, debugRequested())) {
        console.error(`network: ${line}`);
    }
    process.exitCode = error instanceof NetworkError ? EXIT_CODES[error.code] : 1;
});
