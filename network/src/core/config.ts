import { readFileSync } from 'node:fs';
import { normalizeMachineType, unknownMachineTypeMessage } from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { NetworkError } from './errors';
import { LOOPBACK_HOST, type LayoutKind, type MillHost, netnsMillHost } from './mill-host';

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const port = z.number().int().min(1024).max(65535);

const millPortsSchema = z
    .object({
        orderer: port,
        peer: port,
        peerChaincode: port,
        ordererAdmin: port,
        ca: port,
        peerOperations: port,
        ordererOperations: port,
        caOperations: port,
        chaincode: port,
        /** The peer's Go pprof endpoint, open only when SPINDLE_PEER_PPROF=1 (for benchmarks). */
        peerProfile: port,
    })
    .strict();

const networkSchema = z
    .object({
        channel: z.string().regex(/^[a-z][a-z0-9.-]{0,48}$/),
        chaincode: z
            .object({
                name: z.string().regex(/^[a-z][a-z0-9_-]{0,48}$/),
                version: z.string().min(1),
                /**
                 * Where machines' private areas live: `mill`, one collection per mill (the default);
                 * `machine`, one per machine as releases before 1.1 laid them out, kept so a network of
                 * that layout can be stood up to test the move (bench/notes/collection-cost-*.md).
                 */
                privateAreas: z.enum(['mill', 'machine']).default('mill'),
            })
            .strict(),
        orderer: z
            .object({
                batchTimeout: z.string().regex(/^\d+(ms|s)$/),
                maxMessageCount: z.number().int().min(1).max(10000),
            })
            .strict(),
        mills: z
            .array(
                z
                    .object({
                        name: z.string().regex(/^[A-Z][A-Za-z0-9]{0,30}$/),
                        mspId: z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,40}MSP$/),
                        ports: millPortsSchema,
                        /**
                         * Not in the genesis block: the mill joins the running channel later
                         * (`network mill add|propose|sign|submit|join`).
                         */
                        joinsLater: z.boolean().default(false),
                    })
                    .strict(),
            )
            .min(1),
    })
    .strict();

/** A machine type of the manifest: any spelling of the chaincode's vocabulary, kept canonical. */
const manifestMachineTypeSchema = z.string().transform((spelling, context) => {
    const type = normalizeMachineType(spelling);
    if (type === undefined) {
        context.addIssue({
            code: z.ZodIssueCode.custom,
            message: unknownMachineTypeMessage(spelling),
        });
        return z.NEVER;
    }
    return type;
});

const machineSchema = z.object({ id: z.string().regex(ID_PATTERN), type: manifestMachineTypeSchema }).strict();

const consortiumSchema = z
    .object({
        description: z.string().optional(),
        mills: z
            .array(
                z
                    .object({
                        name: z.string(),
                        mspId: z.string(),
                        /**
                         * The namespace of the mill's machine IDs (`<anything>-<suffix><number>`). A mill
                         * of the chaincode's own consortium.json has its suffix from there; a mill that
                         * joins later names it here, and the release after its join packages it.
                         */
                        machineIdSuffix: z
                            .string()
                            .regex(/^[a-z]{1,8}$/)
                            .optional(),
                        machines: z.array(machineSchema),
                    })
                    .strict(),
            )
            .min(1),
    })
    .strict();

/** The ports one mill's processes listen on, on its host's address. */
export type MillPorts = z.infer<typeof millPortsSchema>;

type NetworkFile = z.infer<typeof networkSchema>;

/**
 * One mill of the network, with the lower-case key its folders and host names use and the host
 * its processes live on (see {@link MillHost}).
 */
export type MillConfig = NetworkFile['mills'][number] & { key: string; host: MillHost };

/**
 * The network topology of `test-network-config/network.json`: `mills` are the channel's members
 * (those of the genesis block and those that joined since), `joining` the mills that have not
 * joined yet.
 */
export type NetworkConfig = Omit<NetworkFile, 'mills'> & {
    mills: MillConfig[];
    joining: MillConfig[];
    layout: LayoutKind;
    portOffset: number;
};

/** A machine of the consortium manifest. */
export type MachineEntry = z.infer<typeof machineSchema>;

/** The consortium manifest of `test-network-config/consortium.json`: mills and their machines. */
export type Consortium = z.infer<typeof consortiumSchema>;

/**
 * Reads and checks the network topology; every mill gets its folder key. A port offset moves
 * every port by the same amount, so a second network (another checkout, a test run) can live
 * beside the first on 127.0.0.1. A mill marked `joinsLater` is a member once `joined` names it.
 * In the `netns` layout each mill gets a host of its own, by its place in the file.
 */
export function loadNetworkConfig(
    file: string,
    portOffset = 0,
    joined: readonly string[] = [],
    layout: LayoutKind = 'loopback',
): NetworkConfig {
    const parsed = parseFile(file, networkSchema);
    const config = {
        ...parsed,
        mills: parsed.mills.map((mill) => ({ ...mill, ports: shifted(mill.ports, portOffset) })),
    };
    const ports = config.mills.flatMap((mill) => Object.values(mill.ports));
    const duplicate = ports.find((value, index) => ports.indexOf(value) !== index);
    if (duplicate !== undefined) {
        throw new NetworkError('CONFIG_INVALID', `${file}: port ${duplicate} is used twice`);
    }
    const outOfRange = ports.find((value) => !port.safeParse(value).success);
    if (outOfRange !== undefined) {
        throw new NetworkError('CONFIG_INVALID', `${file}: port offset ${portOffset} moves a port to ${outOfRange}`);
    }
    const keyed = config.mills.map((mill, index) => {
        const key = mill.name.toLowerCase();
        return { ...mill, key, host: layout === 'netns' ? netnsMillHost(portOffset, key, index) : LOOPBACK_HOST };
    });
    const member = (mill: MillConfig): boolean => !mill.joinsLater || joined.includes(mill.name);
    return {
        ...config,
        mills: keyed.filter(member),
        joining: keyed.filter((mill) => !member(mill)),
        layout,
        portOffset,
    };
}

const chaincodeConsortiumSchema = z.object({
    mills: z.array(z.object({ name: z.string(), mspId: z.string(), machineIdSuffix: z.string() })),
});

/**
 * Reads and checks the consortium manifest against the topology and against the mills the
 * chaincode's source knows (`chaincodeConsortiumFile`, the founding mills): every mill of the
 * manifest must exist in the topology with the same MSP ID; a mill the chaincode's source knows
 * keeps its MSP ID and machine ID suffix there, any other mill (one that joins later) names its
 * suffix in the manifest; every machine ID must be in its mill's namespace (`-<suffix><number>`),
 * suffixes and machine IDs must be unique. With the chaincode's file, every mill comes back with
 * its suffix.
 */
export function loadConsortium(file: string, network: NetworkConfig, chaincodeConsortiumFile?: string): Consortium {
    const parsed = parseFile(file, consortiumSchema);
    const consortium =
        chaincodeConsortiumFile === undefined
            ? parsed
            : withMachineNamespaces(file, parsed, parseFile(chaincodeConsortiumFile, chaincodeConsortiumSchema));
    for (const mill of consortium.mills) {
        const known = [...network.mills, ...network.joining].find((candidate) => candidate.name === mill.name);
        if (!known || known.mspId !== mill.mspId) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `${file}: mill ${mill.name} (${mill.mspId}) is not in the network`,
            );
        }
    }
    const ids = consortium.mills.flatMap((mill) => mill.machines.map((machine) => machine.id));
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate !== undefined) {
        throw new NetworkError('CONFIG_INVALID', `${file}: machine ${duplicate} is listed twice`);
    }
    return consortium;
}

function withMachineNamespaces(
    file: string,
    consortium: Consortium,
    chaincode: z.infer<typeof chaincodeConsortiumSchema>,
): Consortium {
    const mills = consortium.mills.map((mill) => {
        const known = chaincode.mills.find(
            (candidate) => candidate.name === mill.name || candidate.mspId === mill.mspId,
        );
        if (known && (known.name !== mill.name || known.mspId !== mill.mspId)) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `${file}: mill ${mill.name} (${mill.mspId}) is ${known.name} (${known.mspId}) in the chaincode's consortium.json`,
            );
        }
        if (known && mill.machineIdSuffix !== undefined && mill.machineIdSuffix !== known.machineIdSuffix) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `${file}: mill ${mill.name}'s machine ID suffix is ${known.machineIdSuffix} in the chaincode's consortium.json, not ${mill.machineIdSuffix}`,
            );
        }
        const suffix = known?.machineIdSuffix ?? mill.machineIdSuffix;
        if (suffix === undefined) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `${file}: mill ${mill.name} (${mill.mspId}) is not in the chaincode's consortium.json, so it names its machineIdSuffix`,
            );
        }
        const namespace = new RegExp(`-${suffix}[0-9]{1,12}$`);
        const outside = mill.machines.find((machine) => !namespace.test(machine.id));
        if (outside) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `${file}: machine ${outside.id} of ${mill.name} must end in -${suffix}<number>, its mill's namespace`,
            );
        }
        return { ...mill, machineIdSuffix: suffix };
    });
    const elsewhere = chaincode.mills.filter((known) => !mills.some((mill) => mill.name === known.name));
    const suffixes = [...mills, ...elsewhere].map((mill) => mill.machineIdSuffix);
    const taken = suffixes.find((suffix, index) => suffixes.indexOf(suffix) !== index);
    if (taken !== undefined) {
        throw new NetworkError('CONFIG_INVALID', `${file}: two mills name their machines -${taken}<number>`);
    }
    return { ...consortium, mills };
}

/** The port offset of SPINDLE_PORT_OFFSET (0 when unset). @throws NetworkError CONFIG_INVALID */
export function portOffsetFromEnv(value: string | undefined = process.env.SPINDLE_PORT_OFFSET): number {
    if (value === undefined || value === '') {
        return 0;
    }
    if (!/^-?\d{1,5}$/.test(value)) {
        throw new NetworkError('CONFIG_INVALID', `SPINDLE_PORT_OFFSET must be a whole number, not "${value}"`);
    }
    return Number(value);
}

function shifted(ports: MillPorts, offset: number): MillPorts {
    return Object.fromEntries(Object.entries(ports).map(([name, value]) => [name, value + offset])) as MillPorts;
}

function parseFile<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new NetworkError('CONFIG_INVALID', `${file}: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new NetworkError('CONFIG_INVALID', `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
    }
    return parsed.data;
}
