import { readFileSync } from 'node:fs';
import { idSchema, variableSchema } from '@spindle/chaincode/protocol';
import { z } from 'zod';

import { SpindleError } from '../../errors/spindle-error';

/** OPC UA message security modes a reading source accepts. */
export const OPCUA_SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;

/** OPC UA security policies a reading source accepts (the ones OPC UA 1.04+ still recommends, and None). */
export const OPCUA_SECURITY_POLICIES = [
    'None',
    'Basic256Sha256',
    'Aes128_Sha256_RsaOaep',
    'Aes256_Sha256_RsaPss',
] as const;

/** One reading a machine's controller serves: the variable it is recorded as, its node and unit. */
export const opcuaReadingNodeSchema = z
    .object({ variable: variableSchema, nodeId: z.string().min(1).max(512), unit: z.string().max(16) })
    .strict();

/**
 * A machine's OPC UA configuration file: where its controller listens, how to secure the channel,
 * who to log in as (anonymous without `user`), and which nodes map to which readings. `pkiDir`
 * holds the client's own certificate and its trust lists (see the README).
 */
export const opcuaMachineConfigSchema = z
    .object({
        machineId: idSchema,
        endpointUrl: z.string().regex(/^opc\.tcp:\/\/[^\s/]+(\/\S*)?$/, 'must be an opc.tcp:// URL'),
        securityMode: z.enum(OPCUA_SECURITY_MODES).default('None'),
        securityPolicy: z.enum(OPCUA_SECURITY_POLICIES).default('None'),
        user: z
            .object({ userName: z.string().min(1), password: z.string() })
            .strict()
            .optional(),
        pkiDir: z.string().min(1).optional(),
        samplingIntervalMs: z.number().int().min(0).max(3_600_000).default(1000),
        readings: z.array(opcuaReadingNodeSchema).min(1).max(256),
    })
    .strict()
    .superRefine((config, context) => {
        if ((config.securityMode === 'None') !== (config.securityPolicy === 'None')) {
            context.addIssue({
                code: z.ZodIssueCode.custom,
                path: ['securityPolicy'],
                message: 'security mode None goes with policy None, and Sign or SignAndEncrypt with a real policy',
            });
        }
        const seen = new Set<string>();
        config.readings.forEach(({ variable }, index) => {
            if (seen.has(variable)) {
                context.addIssue({
                    code: z.ZodIssueCode.custom,
                    path: ['readings', index, 'variable'],
                    message: `${variable} is mapped twice`,
                });
            }
            seen.add(variable);
        });
    });

/** A parsed machine OPC UA configuration. */
export type OpcuaMachineConfig = z.infer<typeof opcuaMachineConfigSchema>;

/**
 * Parses a machine's OPC UA configuration.
 *
 * @throws SpindleError `OPCUA_CONFIG_INVALID` naming the first fields that are wrong.
 */
export function parseOpcuaConfig(input: unknown): OpcuaMachineConfig {
    const parsed = opcuaMachineConfigSchema.safeParse(input);
    if (!parsed.success) {
        const problems = parsed.error.issues
            .slice(0, 5)
            .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
            .join('; ');
        throw new SpindleError('OPCUA_CONFIG_INVALID', `OPC UA configuration is invalid: ${problems}`);
    }
    return parsed.data;
}

/**
 * Reads and parses a machine's OPC UA configuration file (JSON).
 *
 * @throws SpindleError `OPCUA_CONFIG_INVALID` when the file is missing, not JSON, or invalid.
 */
export function loadOpcuaConfig(path: string): OpcuaMachineConfig {
    let input: unknown;
    try {
        input = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new SpindleError(
            'OPCUA_CONFIG_INVALID',
            `cannot read OPC UA configuration ${path}: ${error instanceof Error ? error.message : String(error)}`,
            undefined,
            { cause: error },
        );
    }
    return parseOpcuaConfig(input);
}
