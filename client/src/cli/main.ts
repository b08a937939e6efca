#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { NetworkError, warnIfNodeUnsupported } from '@spindle/network';

import { SpindleError } from '../spindle-error';
import { agentCommand } from './agent-command';
import { chainCommand } from './chain-commands';
import { defaultRunDir } from './cli-context';
import { EXIT_CODES, EXIT_UNEXPECTED, exitCodeOf } from './exit-codes';
import { machineCommand } from './machine-commands';
import { materialCommand } from './material-commands';
import { messageCommand } from './message-commands';
import { DelegatedFailure, networkCommand } from './network-commands';
import { queryCommand } from './query-command';

warnIfNodeUnsupported('spindle');

// A reader that stops early (`spindle material trace <lot> | head`) closes the pipe: that ends
// the output, as for any Unix tool, and is no error of the command.
for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') {
            process.exit(process.exitCode ?? 0);
        }
        throw error;
    });
}

const program = new Command('spindle')
    .description('Spindle: blockchain-secured machine-to-machine messaging for spinning mills')
    .option('--run-dir <dir>', 'the local network run folder (gateway profiles, keys)', defaultRunDir())
    .option('--as <label>', 'act as this identity: a machine ID, or <mill>-admin / <mill>-operator')
    .option('--json', 'print results as JSON, for scripts', false)
    .addHelpText(
        'after',
        `\nExit codes: 0 ok, 1 unexpected; ${Object.entries(EXIT_CODES)
            .map(([code, exit]) => `${exit} ${code}`)
            .join(', ')}`,
    )
    .exitOverride()
    .addCommand(networkCommand())
    .addCommand(machineCommand())
    .addCommand(materialCommand())
    .addCommand(messageCommand())
    .addCommand(chainCommand())
    .addCommand(queryCommand())
    .addCommand(agentCommand());

program.commands.forEach(function exitOverride(command: Command): void {
    command.exitOverride();
    command.commands.forEach(exitOverride);
});

program.parseAsync().catch((error: unknown) => {
    if (error instanceof CommanderError) {
        // Help and version exit 0; a usage error is an invalid argument.
        process.exitCode = error.exitCode === 0 ? 0 : (EXIT_CODES.INVALID_ARGUMENT ?? 2);
        return;
    }
    if (error instanceof DelegatedFailure) {
        process.exitCode = error.exitCode;
        return;
    }
    if (error instanceof SpindleError) {
        process.stderr.write(`spindle: ${error.message}\n`);
        process.exitCode = exitCodeOf(error.code);
        return;
    }
    if (error instanceof NetworkError) {
        process.stderr.write(`spindle: ${error.message}\n`);
        process.exitCode = EXIT_CODES.NETWORK_FAILED ?? EXIT_UNEXPECTED;
        return;
    }
    process.stderr.write(
        `spindle: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = EXIT_UNEXPECTED;
});
