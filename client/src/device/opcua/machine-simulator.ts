import { createServer } from 'node:net';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import {
    DataType,
    MessageSecurityMode,
    OPCUACertificateManager,
    OPCUAServer,
    RegisterServerMethod,
    SecurityPolicy,
    StatusCodes,
    type UAVariable,
    Variant,
} from 'node-opcua';

import { SpindleError } from '../../errors/spindle-error';
import { type FaultTuning, newMachineSignal, signalVariables } from './machine-signal';
import type { SimulatedMachineType } from './machine-variables';
import { simulatorNodeId } from './simulator-node-ids';

/** How to run one simulated machine. */
export interface MachineSimulatorOptions {
    readonly machineId: string;
    readonly machineType: SimulatedMachineType;
    /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
    readonly port?: number;
    /** PRNG seed: the same seed serves the same values (default 1). */
    readonly seed?: number;
    /** Time between ticks, in ms (default 1000). */
    readonly intervalMs?: number;
    /** Fault tuning of the signal (default: about one fault every 300 ticks). */
    readonly faults?: FaultTuning;
    /**
     * Also offer Sign and SignAndEncrypt with Basic256Sha256 and Aes128_Sha256_RsaOaep, trusting any
     * client certificate (default false: security None only). For testing a secured reading source.
     */
    readonly secured?: boolean;
    /** Folder of the server's own certificate and trust lists (default `<tmpdir>/spindle-opcua-pki`). */
    readonly pkiDir?: string;
}

/** A started simulator: where it listens and when its first tick was stamped. */
export interface RunningSimulator {
    /** `opc.tcp://127.0.0.1:<port>`. */
    readonly endpointUrl: string;
    readonly port: number;
    /**
     * The source timestamp of tick 0. Tick n is stamped `startedAt + n * intervalMs`, whatever the
     * timer's jitter, so a test maps a reading back to the tick that made it.
     */
    readonly startedAt: Date;
    readonly intervalMs: number;
    /** Stops ticking, closes every session and frees the port. */
    stop(): Promise<void>;
}

/**
 * An OPC UA server on 127.0.0.1 that serves one machine's simulated readings (see
 * {@link newMachineSignal}) as Double variables `ns=1;s=<machineId>.<variable>` under an object
 * named after the machine, each value stamped with its tick's source timestamp. It offers
 * security mode None only (unless `secured`) and takes anonymous sessions: it is a local test and
 * demo fixture, never a machine on a network.
 *
 * @throws SpindleError `OPCUA_SIMULATOR_FAILED` when the server cannot start (e.g. the port is taken).
 */
export async function startMachineSimulator(options: MachineSimulatorOptions): Promise<RunningSimulator> {
    const intervalMs = options.intervalMs ?? 1000;
    const port = options.port || (await freePort());
    const pkiDir = options.pkiDir ?? join(tmpdir(), 'spindle-opcua-pki');
    const server = new OPCUAServer({
        port,
        host: '127.0.0.1',
        hostname: '127.0.0.1',
        securityModes: options.secured
            ? [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt]
            : [MessageSecurityMode.None],
        securityPolicies: options.secured
            ? [SecurityPolicy.None, SecurityPolicy.Basic256Sha256, SecurityPolicy.Aes128_Sha256_RsaOaep]
            : [SecurityPolicy.None],
        allowAnonymous: true,
        // A fixture registers with no discovery server and keeps every certificate under pkiDir.
        registerServerMethod: RegisterServerMethod.HIDDEN,
        userCertificateManager: new OPCUACertificateManager({ rootFolder: join(pkiDir, 'user') }),
        serverCertificateManager: new OPCUACertificateManager({
            rootFolder: pkiDir,
            automaticallyAcceptUnknownCertificate: true,
        }),
        buildInfo: { productName: `spindle-${options.machineType}-simulator`, manufacturerName: 'Spindle' },
    });
    try {
        await server.initialize();
    } catch (error) {
        throw new SpindleError(
            'OPCUA_SIMULATOR_FAILED',
            `simulator of ${options.machineId} did not initialise: ${String(error)}`,
            undefined,
            { cause: error },
        );
    }
    const nodes = addMachineNodes(server, options.machineId, options.machineType);
    const signal = newMachineSignal(options.machineType, options.seed ?? 1, options.faults);
    const startedAt = new Date();
    let tick = 0;
    const publish = (): void => {
        const sourceTimestamp = new Date(startedAt.getTime() + tick * intervalMs);
        for (const { variable, value } of signal.next()) {
            nodes
                .get(variable)
                ?.setValueFromSource(
                    new Variant({ dataType: DataType.Double, value }),
                    StatusCodes.Good,
                    sourceTimestamp,
                );
        }
        tick += 1;
    };
    publish();
    try {
        await server.start();
    } catch (error) {
        await server.shutdown(0).catch(() => undefined);
        throw new SpindleError(
            'OPCUA_SIMULATOR_FAILED',
            `simulator of ${options.machineId} did not start on 127.0.0.1:${port}: ${String(error)}`,
            undefined,
            { cause: error },
        );
    }
    const timer = setInterval(publish, intervalMs);
    return {
        endpointUrl: `opc.tcp://127.0.0.1:${port}`,
        port,
        startedAt,
        intervalMs,
        stop: async () => {
            clearInterval(timer);
            await server.shutdown(0);
        },
    };
}

function addMachineNodes(
    server: OPCUAServer,
    machineId: string,
    machineType: SimulatedMachineType,
): Map<string, UAVariable> {
    const addressSpace = server.engine.addressSpace;
    if (!addressSpace) {
        throw new SpindleError('OPCUA_SIMULATOR_FAILED', `simulator of ${machineId} has no address space`);
    }
    const namespace = addressSpace.getOwnNamespace();
    const machine = namespace.addObject({ organizedBy: addressSpace.rootFolder.objects, browseName: machineId });
    const nodes = new Map<string, UAVariable>();
    for (const { variable, unit } of signalVariables(machineType)) {
        const node = namespace.addVariable({
            componentOf: machine,
            browseName: variable,
            nodeId: simulatorNodeId(machineId, variable),
            dataType: 'Double',
            description: unit ? `${variable} in ${unit}` : `${variable} (1 while faulted)`,
        });
        nodes.set(variable, node);
    }
    return nodes;
}

async function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
            const address = probe.address();
            const port = typeof address === 'object' && address ? address.port : 0;
            probe.close(() => {
                resolve(port);
            });
        });
    });
}
