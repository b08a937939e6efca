import { machineTypeSchema } from '@spindle/chaincode/protocol';
import { Command } from 'commander';

import { signalVariables } from '../device/opcua/machine-signal';
import { SIMULATED_MACHINE_TYPES, type SimulatedMachineType } from '../device/opcua/machine-variables';
import { simulatorNodeId } from '../device/opcua/simulator-node-ids';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';

interface SimulateOptions {
    type: string;
    port: string;
    seed: string;
    intervalMs: string;
}

/**
 * `spindle device ...`: the device area by hand. `device simulate <machineId> --type <type>` runs
 * an OPC UA simulator of one machine on 127.0.0.1 (security None, anonymous) until SIGINT or
 * SIGTERM, printing its endpoint and node IDs.
 */
export function deviceCommand(): Command {
    return new Command('device').description('the device area: machine data over OPC UA').addCommand(
        new Command('simulate')
            .description("serve one machine's simulated readings over OPC UA on 127.0.0.1 until interrupted")
            .argument(
                '<machineId>',
                'the machine whose readings to serve (its node IDs are ns=1;s=<machineId>.<variable>)',
            )
            .requiredOption('--type <machineType>', `machine type: ${SIMULATED_MACHINE_TYPES.join(', ')}`)
            .option('--port <port>', 'TCP port on 127.0.0.1 (0 picks a free one)', '4840')
            .option('--seed <n>', 'PRNG seed: the same seed serves the same values', '1')
            .option('--interval-ms <ms>', 'time between readings', '1000')
            .action(async (machineId: string, options: SimulateOptions, command: Command) => {
                const cli = CliContext.of(command);
                // node-opcua takes a second to load: only this command pays for it, not every spindle command.
                const { startMachineSimulator } = await import('../device/opcua/machine-simulator.js');
                const simulator = await startMachineSimulator({
                    machineId,
                    machineType: simulatedType(options.type),
                    port: integerOption('--port', options.port, 0, 65_535),
                    seed: integerOption('--seed', options.seed, 0, 2 ** 32 - 1),
                    intervalMs: integerOption('--interval-ms', options.intervalMs, 10, 3_600_000),
                });
                const nodes = signalVariables(simulatedType(options.type)).map(({ variable, unit }) => ({
                    variable,
                    unit,
                    nodeId: simulatorNodeId(machineId, variable),
                }));
                cli.result({ machineId, endpointUrl: simulator.endpointUrl, securityMode: 'None', nodes }, () =>
                    [
                        `simulating ${machineId} (${options.type}) at ${simulator.endpointUrl} (security None, anonymous); Ctrl-C stops`,
                        ...nodes.map(({ nodeId, unit }) => `  ${nodeId}${unit ? ` [${unit}]` : ''}`),
                    ].join('\n'),
                );
                await new Promise<void>((resolve) => {
                    process.once('SIGINT', resolve);
                    process.once('SIGTERM', resolve);
                });
                await simulator.stop();
                cli.progress(`simulator of ${machineId} stopped`);
            }),
    );
}

function simulatedType(spelling: string): SimulatedMachineType {
    const parsed = machineTypeSchema.safeParse(spelling);
    const type = SIMULATED_MACHINE_TYPES.find((candidate) => parsed.success && candidate === parsed.data);
    if (!type) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `--type ${spelling} has no simulator; simulated types: ${SIMULATED_MACHINE_TYPES.join(', ')}`,
        );
    }
    return type;
}

function integerOption(name: string, text: string, min: number, max: number): number {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
        throw new SpindleError('INVALID_ARGUMENT', `${name} must be an integer from ${min} to ${max}, not ${text}`);
    }
    return value;
}
