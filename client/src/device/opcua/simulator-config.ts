import { signalVariables } from './machine-signal';
import type { SimulatedMachineType } from './machine-variables';
import { type OpcuaMachineConfig, parseOpcuaConfig } from './opcua-config';
import { simulatorNodeId } from './simulator-node-ids';

/**
 * The OPC UA configuration that reads every variable a simulator of `machineType` serves for
 * `machineId` at `endpointUrl` (security None, anonymous): what the scenario and tests give a
 * reading source, and a starting point for a real machine's file.
 */
export function simulatorConfig(
    machineId: string,
    machineType: SimulatedMachineType,
    endpointUrl: string,
    samplingIntervalMs = 1000,
): OpcuaMachineConfig {
    return parseOpcuaConfig({
        machineId,
        endpointUrl,
        samplingIntervalMs,
        readings: signalVariables(machineType).map(({ variable, unit }) => ({
            variable,
            unit,
            nodeId: simulatorNodeId(machineId, variable),
        })),
    });
}
