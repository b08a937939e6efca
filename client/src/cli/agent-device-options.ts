import { join, resolve } from 'node:path';
import { SEAL_READINGS_MAX } from '@spindle/chaincode/protocol';

import { loadOpcuaConfig, type OpcuaMachineConfig } from '../device/opcua';
import type { SealCadence } from '../device/recorder';
import { SpindleError } from '../errors/spindle-error';
import { parseDuration } from '../text/duration';

/** The device options of `spindle agent`, as commander gives them. */
export interface AgentDeviceArgs {
    machine: string[];
    opcua?: string[];
    historyDir?: string;
    sealEvery?: string;
    sealReadings?: string;
}

/** The device area of an agent: where each machine's history lives, which machines have an OPC UA source, the seal cadence. */
export interface AgentDevice {
    /** The folder of a machine's history store. */
    historyFolderOf(machineId: string): string;
    /** The OPC UA configuration of each machine that has one. */
    opcua: ReadonlyMap<string, OpcuaMachineConfig>;
    cadence: SealCadence;
}

/**
 * Parses the agent's device options before anything starts: each `--opcua` file must load and
 * name one of the agent's `--machine`s, at most one per machine; `--seal-every` is a duration
 * (`30s`, `5m`), `--seal-readings` a count up to a seal's cap. Stores default to
 * `<run-dir>/device-history/<machineId>`.
 *
 * @throws SpindleError OPCUA_CONFIG_INVALID for a file that does not load; INVALID_ARGUMENT for a
 *   file of another machine, two files of one machine, or a bad cadence.
 */
export function parseAgentDevice(args: AgentDeviceArgs, runDir: string): AgentDevice {
    const opcua = new Map<string, OpcuaMachineConfig>();
    for (const file of args.opcua ?? []) {
        const config = loadOpcuaConfig(file);
        if (!args.machine.includes(config.machineId)) {
            throw new SpindleError(
                'INVALID_ARGUMENT',
                `--opcua ${file} configures ${config.machineId}, which is not one of this agent's machines (--machine ${args.machine.join(' ')})`,
            );
        }
        if (opcua.has(config.machineId)) {
            throw new SpindleError('INVALID_ARGUMENT', `--opcua configures ${config.machineId} twice (${file})`);
        }
        opcua.set(config.machineId, config);
    }
    const historyDir = resolve(args.historyDir ?? join(runDir, 'device-history'));
    return {
        historyFolderOf: (machineId) => join(historyDir, machineId),
        opcua,
        cadence: {
            ...(args.sealEvery === undefined
                ? {}
                : { sealEveryMs: parseDuration(args.sealEvery, '--seal-every') * 1000 }),
            ...(args.sealReadings === undefined ? {} : { sealReadings: parseSealReadings(args.sealReadings) }),
        },
    };
}

function parseSealReadings(text: string): number {
    const count = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
    if (!(count >= 1 && count <= SEAL_READINGS_MAX)) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `--seal-readings must be a whole number from 1 to ${SEAL_READINGS_MAX}, not ${JSON.stringify(text)}`,
        );
    }
    return count;
}
