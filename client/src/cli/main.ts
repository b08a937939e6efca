#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import {
    NetworkError,
    debugRequested,
    failureCode,
    failureLines,
    warnIfNodeUnsupported,
} from '@spindle/network/client-support';

import { SpindleError } from '../errors/spindle-error';
import { agentCommand } from './agent-command';
import { areaCommand } from './area-commands';
import { chainCommand } from './chain-commands';
import { defaultRunDir } from '../identity/run-dir';
import { deviceCommand } from './device-commands';
import { housekeepingCommand } from './housekeeping-commands';
import { identityCommand } from './identity-commands';
import { EXIT_CODES, EXIT_UNEXPECTED, exitCodeOf } from '../errors/exit-codes';
import { machineCommand } from './machine-commands';
import { materialCommand } from './material-commands';
import { edgeCommand } from './edge-commands';
import { messageCommand } from './message-commands';
import { DelegatedFailure, networkCommand } from './network-commands';
import { queryCommand } from './query-command';
import { walletCommand } from './wallet-commands';

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
    .option('--debug', 'print the stack of a failure, not only its code and one-line reason (or SPINDLE_DEBUG=1)')
    .addHelpText(
        'after',
        `\nA failure prints one line, its code first; the exit status tells the code.\nExit codes: 0 ok, 1 unexpected; ${Object.entries(
            EXIT_CODES,
        )
            .map(([code, exit]) => `${exit} ${code}`)
            .join(', ')}`,
    )
    .exitOverride()
    .addCommand(networkCommand())
    .addCommand(identityCommand())
    .addCommand(machineCommand())
    .addCommand(materialCommand())
    .addCommand(messageCommand())
    .addCommand(edgeCommand())
    .addCommand(chainCommand())
    .addCommand(areaCommand())
    .addCommand(housekeepingCommand())
    .addCommand(queryCommand())
    .addCommand(agentCommand())
    .addCommand(deviceCommand())
    .addCommand(walletCommand());

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
    for (const line of failureLines(error, debugRequested())) {
        process.stderr.write(`spindle: ${line}\n`);
    }
    process.exitCode =
        error instanceof SpindleError
            ? exitCodeOf(error.code)
            : error instanceof NetworkError
              ? (EXIT_CODES.NETWORK_FAILED ?? EXIT_UNEXPECTED)
              : exitCodeOf(failureCode(error));
});
