import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { projectNode } from '@spindle/network/client-support';

import { SpindleError } from '../errors/spindle-error';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

/** `spindle network up|down|status|logs|upgrade`: the network tool, run as its own CLI. */
export function networkCommand(): Command {
    const network = new Command('network').description('the local three-mill Fabric network (the network tool)');
    network
        .command('up')
        .description('build Fabric if needed, start the network, deploy the chaincode')
        .action((_options: unknown, command: Command) => delegate(command, ['up']));
    network
        .command('down')
        .description('stop the network')
        .option('--wipe', 'also delete run/ (crypto material, ledgers, logs)')
        .action((options: { wipe?: boolean }, command: Command) =>
            delegate(command, ['down', ...(options.wipe ? ['--wipe'] : [])]),
        );
    network
        .command('status')
        .description('health of every process of the network')
        .action((_options: unknown, command: Command) =>
            delegate(command, ['status', ...(globals(command).json ? ['--json'] : [])]),
        );
    network
        .command('logs')
        .description('list the log files, or print the end of one: a process (milla-peer, millb-chaincode) or a step')
        .argument('[name]', 'a process or step, e.g. milla-peer')
        .option('-n, --lines <count>', 'how many lines', '60')
        .option('-f, --follow', 'keep printing what is appended, until Ctrl-C')
        .action((name: string | undefined, options: { lines: string; follow?: boolean }, command: Command) =>
            delegate(command, [
                'logs',
                ...(name === undefined ? [] : [name]),
                '--lines',
                options.lines,
                ...(options.follow ? ['--follow'] : []),
            ]),
        );
    network
        .command('upgrade')
        .description(
            'commit the next chaincode definition sequence: new chaincode code, or the mill collections for a network of per-machine ones',
        )
        .option('--approve-with <mills>', 'comma-separated mills that approve (a majority); default all')
        .action((options: { approveWith?: string }, command: Command) =>
            delegate(command, ['upgrade', ...(options.approveWith ? ['--approve-with', options.approveWith] : [])]),
        );
    return network;
}

function globals(command: Command): { json?: boolean; runDir?: string } {
    return command.optsWithGlobals<{ json?: boolean; runDir?: string }>();
}

/**
 * Runs `network/dist/cli.js <args>` on the project's Node with this terminal, in the run
 * folder `--run-dir` names; its failure keeps its exit code.
 */
function delegate(command: Command, args: string[]): Promise<void> {
    const tool = resolve(REPO_ROOT, 'network', 'dist', 'cli.js');
    const runDir = globals(command).runDir;
    return new Promise((done, fail) => {
        const child = spawn(projectNode(REPO_ROOT), [tool, ...args], {
            stdio: 'inherit',
            env: { ...process.env, ...(runDir === undefined ? {} : { SPINDLE_RUN_DIR: resolve(runDir) }) },
        });
        child.on('error', fail);
        child.on('exit', (code) => {
            if (code === 0) {
                done();
                return;
            }
            process.exitCode = code ?? 1;
            fail(new DelegatedFailure(code ?? 1));
        });
    });
}

/** The network tool failed and already said why; exit with its code. */
export class DelegatedFailure extends SpindleError {
    constructor(readonly exitCode: number) {
        super('NETWORK_FAILED', `the network tool exited with ${exitCode}`);
    }
}
