import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { destination, pino } from 'pino';

import { DeviceAgent } from '../agent/device-agent';
import { FileCheckpointer } from '../agent/file-checkpointer';
import { machineAnswerer } from '../agent/machine-answerer';
import { eciesCipher } from '../ecies-cipher';
import { crashHookFromEnvironment } from './agent-crash-hook';
import { CliContext } from './cli-context';

/**
 * `spindle agent --machine <id> [--machine <id> ...]`: the device agent of one or more machines,
 * in the foreground until SIGINT or SIGTERM, logging JSON lines.
 */
export function agentCommand(): Command {
    return new Command('agent')
        .description('run the device agent of one or more machines: answer queries, keep their chains')
        .requiredOption('--machine <id...>', 'the machine(s) this agent speaks for')
        .option('--checkpoint <file>', 'durable event checkpoint (default <run-dir>/agents/<machines>.checkpoint.json)')
        .option('--data-dir <dir>', 'folder of <machine>.json local data that answers draw on')
        .action(async (options: { machine: string[]; checkpoint?: string; dataDir?: string }, command: Command) => {
            const cli = CliContext.of(command);
            const afterStep = crashHookFromEnvironment();
            const machines = await Promise.all(options.machine.map((machineId) => cli.identities.machine(machineId)));
            const agentsDir = join(cli.options.runDir, 'agents');
            mkdirSync(agentsDir, { recursive: true });
            const agent = new DeviceAgent({
                machines,
                checkpointer: FileCheckpointer.open(
                    options.checkpoint ?? join(agentsDir, `${options.machine.join('+')}.checkpoint.json`),
                ),
                cipher: eciesCipher,
                answer: machineAnswerer(options.dataDir ?? join(cli.options.runDir, 'machine-data')),
                // Written synchronously: the last lines before a crash are the ones an operator needs.
                logger: pino({ name: 'spindle-agent' }, destination({ dest: 1, sync: true })),
                chaincode: machines[0]?.session.options.chaincode ?? 'spindle',
                ...(afterStep ? { afterStep } : {}),
            });
            const stop = (): void => {
                agent.stop();
            };
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
            try {
                await agent.run();
            } finally {
                machines.forEach((machine) => {
                    machine.close();
                });
            }
        });
}
