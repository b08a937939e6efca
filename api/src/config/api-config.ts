import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { idSchema } from '@spindle/chaincode/protocol';
import { SpindleError } from '@spindle/client';
import { z } from 'zod';

const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');

/** Where the service's TLS server key pair is, and the CA whose client certificates it accepts. */
export const tlsConfigSchema = z
    .object({
        /** The server's certificate, PEM file. */
        certificate: z.string(),
        /** The server's private key, PEM file. */
        privateKey: z.string(),
        /** The CA of client certificates, PEM file: when given, clients may authenticate by mutual TLS. */
        clientCa: z.string().optional(),
    })
    .strict();

/** One API client: the hash of its key (or of its TLS certificate) and the one wallet identity it acts as. */
export const apiClientSchema = z
    .object({
        /** The client's name, in logs and metrics, e.g. `mes-milla`. */
        id: idSchema,
        /** SHA-256 of its API key, hex (`npm run api -- keys add` writes it; the key itself is never stored). */
        keySha256: sha256Schema.optional(),
        /**
         * SHA-256 of its TLS client certificate (DER), hex: with `tls.clientCa`, a client may
         * authenticate by mutual TLS instead of, or besides, a key.
         */
        certificateSha256: sha256Schema.optional(),
        /** The wallet label it acts as: a machine ID, or `<mill>-admin` / `<mill>-operator`. */
        identity: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
        description: z.string().max(200).optional(),
    })
    .strict()
    .refine((client) => client.keySha256 !== undefined || client.certificateSha256 !== undefined, {
        message: 'a client needs a keySha256 or a certificateSha256',
    });

/** An API client entry. */
export type ApiClient = z.infer<typeof apiClientSchema>;

/** The service's configuration file. */
export const apiConfigSchema = z
    .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8080),
        /** The run folder whose wallet and gateway profiles the service uses; default as the CLI's. */
        runDir: z.string().optional(),
        /** Where agents keep their checkpoints, for the agent-lag metric; default `<runDir>/agents`. */
        agentsDir: z.string().optional(),
        /** The identity that readiness and metrics read the channel height as; default the first client's. */
        probeIdentity: z.string().optional(),
        /** HTTPS, and mutual TLS with `clientCa`; plain HTTP when absent. */
        tls: tlsConfigSchema.optional(),
        /** How long finished jobs stay readable. */
        jobRetentionSeconds: z.number().int().min(10).max(86_400).default(900),
        clients: z
            .array(apiClientSchema)
            .default([])
            .refine((clients) => new Set(clients.map((client) => client.id)).size === clients.length, {
                message: 'every client needs its own id',
            })
            .refine((clients) => unique(clients.map((client) => client.keySha256)), {
                message: 'every client needs its own key',
            })
            .refine((clients) => unique(clients.map((client) => client.certificateSha256)), {
                message: 'every client needs its own certificate',
            }),
    })
    .strict();

function unique(values: readonly (string | undefined)[]): boolean {
    const present = values.filter((value) => value !== undefined);
    return new Set(present).size === present.length;
}

/** The service's configuration. */
export type ApiConfig = z.infer<typeof apiConfigSchema>;

/**
 * Reads the configuration file; a missing file is an empty configuration (no clients).
 *
 * @throws SpindleError INVALID_ARGUMENT when it is not JSON or breaks the schema.
 */
export function loadApiConfig(file: string): ApiConfig {
    if (!existsSync(file)) {
        return apiConfigSchema.parse({});
    }
    let json: unknown;
    try {
        json = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
        throw new SpindleError('INVALID_ARGUMENT', `${file} is not JSON`);
    }
    const parsed = apiConfigSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `${file}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim(),
        );
    }
    return parsed.data;
}

/**
 * Adds a client to the configuration file (created if missing), written to a temporary file
 * and renamed, owner-only, since it maps keys to identities.
 *
 * @throws SpindleError CONFLICT when the id is taken; INVALID_ARGUMENT as {@link loadApiConfig}.
 */
export function addApiClient(file: string, client: ApiClient): ApiConfig {
    const config = loadApiConfig(file);
    if (config.clients.some((existing) => existing.id === client.id)) {
        throw new SpindleError('CONFLICT', `${file} has a client ${client.id} already`);
    }
    const next = apiConfigSchema.parse({ ...config, clients: [...config.clients, apiClientSchema.parse(client)] });
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid.toString()}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(next, undefined, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
    return next;
}
