import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { type Logger, destination, pino } from 'pino';

import { DeviceAgent } from '../agent/device-agent';
import { FileCheckpointer } from '../agent/file-checkpointer';
import { deviceAnswerer } from '../agent/device-answerer';
import { machineAnswerer } from '../agent/machine-answerer';
import type { HistoryStore } from '../device/history';
import {
    type AfterRecorderStep,
    DeviceRecorder,
    closeHistoryStores,
    communicationSealChain,
    openHistoryStores,
} from '../device/recorder';
import { eciesCipher } from '../packets/ecies-cipher';
import type { MachineSession } from '../contracts/machine-session';
import { SpindleError } from '../errors/spindle-error';
import { crashHookFromEnvironment } from './agent-crash-hook';
import { type AgentDevice, type AgentDeviceArgs, parseAgentDevice } from './agent-device-options';
import { CliContext } from './cli-context';

interface AgentArgs extends AgentDeviceArgs {
    checkpoint?: string;
    dataDir?: string;
}

/**
 * `spindle agent --machine <id> [--machine <id> ...] [--opcua <config.json> ...]`: the device
 * agent of one or more machines, in the foreground until SIGINT or SIGTERM, logging JSON lines.
 * It records each machine's OPC UA readings in the machine's history store and seals them into
 * its chain, and answers queries.
 */
export function agentCommand(): Command {
    return new Command('agent')
        .description('run the device agent of one or more machines: record and seal readings, answer queries')
        .requiredOption('--machine <id...>', 'the machine(s) this agent speaks for')
        .option('--opcua <config.json...>', "a machine's OPC UA configuration (one file per machine, see the README)")
        .option('--history-dir <dir>', "folder of the machines' history stores (default <run-dir>/device-history)")
        .option('--seal-every <duration>', 'the longest readings stay unsealed, e.g. 30s or 5m (default 60s)')
        .option('--seal-readings <n>', 'unsealed readings that make a seal at once (default 1000)')
        .option('--checkpoint <file>', 'durable event checkpoint (default <run-dir>/agents/<machines>.checkpoint.json)')
        .option('--data-dir <dir>', 'folder of <machine>.json local data that answers draw on')
        .action(async (options: AgentArgs, command: Command) => {
            const cli = CliContext.of(command);
            // Every device option is checked before anything starts.
            const device = parseAgentDevice(options, cli.options.runDir);
            const afterStep = crashHookFromEnvironment();
            // Each machine's history, open in this process only (LevelDB allows one): the recorders
            // write it and the answers read it.
            const stores: ReadonlyMap<string, HistoryStore> = await openHistoryStores(options.machine, (machineId) =>
                device.historyFolderOf(machineId),
            );
            const machines: MachineSession[] = [];
            const recorders: DeviceRecorder[] = [];
            const starting: Promise<void>[] = [];
            try {
                machines.push(
                    ...(await Promise.all(options.machine.map((machineId) => cli.identities.machine(machineId)))),
                );
                const agentsDir = join(cli.options.runDir, 'agents');
                mkdirSync(agentsDir, { recursive: true });
                // Written synchronously: the last lines before a crash are the ones an operator needs.
                const logger = pino({ name: 'spindle-agent' }, destination({ dest: 1, sync: true }));
                // Typed questions are answered from the machines' stores, with proofs; free text as before.
                const answer = deviceAnswerer({
                    stores,
                    legacy: machineAnswerer(options.dataDir ?? join(cli.options.runDir, 'machine-data')),
                });
                const agent = new DeviceAgent({
                    machines,
                    checkpointer: FileCheckpointer.open(
                        options.checkpoint ?? join(agentsDir, `${options.machine.join('+')}.checkpoint.json`),
                    ),
                    cipher: eciesCipher,
                    answer,
                    logger,
                    chaincode: machines[0]?.session.options.chaincode ?? 'spindle',
                    ...(afterStep ? { afterStep } : {}),
                });
                recorders.push(...machines.map((machine) => newRecorder(machine, stores, device, logger, afterStep)));
                starting.push(
                    ...recorders.map((recorder) =>
                        recorder.start().catch((error: unknown) => {
                            logger.error(
                                {
                                    code: error instanceof SpindleError ? error.code : 'UNEXPECTED',
                                    machineId: recorder.machineId,
                                },
                                `no readings recorded for ${recorder.machineId}: ${error instanceof Error ? error.message : String(error)}`,
                            );
                        }),
                    ),
                );
                const stop = (): void => {
                    agent.stop();
                };
                process.once('SIGINT', stop);
                process.once('SIGTERM', stop);
                await agent.run();
            } finally {
                await Promise.all(recorders.map((recorder) => recorder.stop()));
                await Promise.all(starting);
                await closeHistoryStores(stores);
                machines.forEach((machine) => {
                    machine.close();
                });
            }
        });
}

/** The recorder of one of the agent's machines: its OPC UA source if configured, its store, its chain. */
function newRecorder(
    machine: MachineSession,
    stores: ReadonlyMap<string, HistoryStore>,
    device: AgentDevice,
    logger: Logger,
    afterStep: AfterRecorderStep | undefined,
): DeviceRecorder {
    const { machineId } = machine;
    const store = stores.get(machineId);
    if (!store) {
        throw new SpindleError('UNEXPECTED', `no history store was opened for ${machineId}`);
    }
    const opcua = device.opcua.get(machineId);
    return new DeviceRecorder({
        store,
        chain: communicationSealChain(machine.communication, machineId),
        logger,
        cadence: device.cadence,
        ...(opcua ? { opcua } : {}),
        ...(afterStep ? { afterStep } : {}),
    });
}
