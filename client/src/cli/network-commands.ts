import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Command } from 'commander';

import { SpindleError } from '../spindle-error';

/** `spindle network up|down|status`: the network tool, run as its own CLI. */
export function networkCommand(): Command {
    const network = new Command('network').description('the local three-mill Fabric network (the network tool)');
    network
        .command('up')
        .description('build Fabric if needed, start the network, deploy the chaincode')
        .action(() => delegate(['up']));
    network
        .command('down')
        .description('stop the network')
        .option('--wipe', 'also delete run/ (crypto material, ledgers, logs)')
        .action((options: { wipe?: boolean }) => delegate(['down', ...(options.wipe ? ['--wipe'] : [])]));
    network
        .command('status')
        .description('health of every process of the network')
        .action((_options: unknown, command: Command) =>
            delegate(['status', ...(command.optsWithGlobals<{ json: boolean }>().json ? ['--json'] : [])]),
        );
    return network;
}

/** Runs `node network/dist/cli.js <args>` with this terminal; its failure keeps its exit code. */
function delegate(args: string[]): Promise<void> {
    const tool = resolve(__dirname, '..', '..', '..', 'network', 'dist', 'cli.js');
    return new Promise((done, fail) => {
        const child = spawn(process.execPath, [tool, ...args], { stdio: 'inherit' });
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
