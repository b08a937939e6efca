import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RunningSimulator } from '../device/opcua/machine-simulator';
import { SIMULATED_MACHINE_TYPES, type SimulatedMachineType } from '../device/opcua/machine-variables';
import { simulatorConfig } from '../device/opcua/simulator-config';
import type { CleanupStack } from './cleanup-stack';

/** A machine's simulated controller as the scenario started it. */
export interface LineController {
    machineId: string;
    machineType: SimulatedMachineType;
    endpointUrl: string;
    seed: number;
    /** The machine's OPC UA configuration file, which its agent reads (`--opcua`). */
    configFile: string;
}

/** How the scenario's simulators run. */
export interface LineSimulatorOptions {
    /** Time between readings, in ms. */
    intervalMs: number;
}

/**
 * Starts an OPC UA simulator on a free 127.0.0.1 port for each machine whose type has one, seeded
 * by the machine's ID (every run serves a machine the same values), and writes each
 * machine's configuration file, `<runDir>/opcua/<machineId>.json`, with node IDs
 * `ns=1;s=<machineId>.<variable>` and its own client PKI folder. Each simulator is added to
 * `cleanup` as soon as it runs, so a failure part way stops those already started.
 *
 * @throws SpindleError OPCUA_SIMULATOR_FAILED when a simulator cannot start.
 */
export async function startLineSimulators(
    machines: readonly { machineId: string; machineType: string }[],
    runDir: string,
    options: LineSimulatorOptions,
    cleanup: CleanupStack,
): Promise<LineController[]> {
    // node-opcua takes a second to load: the scenario loads it only when it starts simulators.
    const { startMachineSimulator } = await import('../device/opcua/machine-simulator.js');
    const opcuaDir = join(runDir, 'opcua');
    mkdirSync(opcuaDir, { recursive: true });
    const controllers: LineController[] = [];
    for (const machine of machines) {
        const machineType = simulatedTypeOf(machine.machineType);
        if (machineType === undefined) {
            continue;
        }
        const seed = seedOf(machine.machineId);
        // One after the other: the simulators share one server PKI folder, created on first use.
        const simulator: RunningSimulator = await startMachineSimulator({
            machineId: machine.machineId,
            machineType,
            seed,
            intervalMs: options.intervalMs,
            pkiDir: join(opcuaDir, 'pki-simulators'),
        });
        cleanup.add(`simulator of ${machine.machineId}`, () => simulator.stop());
        const configFile = join(opcuaDir, `${machine.machineId}.json`);
        const config = {
            ...simulatorConfig(machine.machineId, machineType, simulator.endpointUrl, options.intervalMs),
            // A PKI folder per machine: agents in separate processes never create one at the same time.
            pkiDir: join(opcuaDir, 'pki', machine.machineId),
        };
        writeFileSync(configFile, `${JSON.stringify(config, undefined, 2)}\n`);
        controllers.push({
            machineId: machine.machineId,
            machineType,
            endpointUrl: simulator.endpointUrl,
            seed,
            configFile,
        });
    }
    return controllers;
}

/** A simulator seed from a machine ID: the first 32 bits of its SHA-256. */
export function seedOf(machineId: string): number {
    return createHash('sha256').update(machineId).digest().readUInt32BE(0);
}

/** The simulator type of a machine type, or undefined when no simulator serves it (a ring frame). */
export function simulatedTypeOf(machineType: string): SimulatedMachineType | undefined {
    return SIMULATED_MACHINE_TYPES.find((type) => type === machineType);
}
