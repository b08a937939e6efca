#!/usr/bin/env node
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { IdentityDirectory, SpindleError, defaultRunDir } from '@spindle/client';

import { hashApiKey, newApiKey } from './auth/api-key';
import { addApiClient, loadApiConfig } from './config/api-config';
import { ClientPort } from './fabric/client-port';
import { buildApiServer, serviceDocument } from './server';

interface GlobalOptions {
    config?: string;
    runDir?: string;
}

/** The run folder and configuration file a command uses. */
function locations(options: GlobalOptions): { runDir: string; configFile: string } {
    const configured = options.config ?? process.env.SPINDLE_API_CONFIG;
    const configFile = configured === undefined || configured === '' ? undefined : resolve(configured);
    const config = configFile === undefined ? undefined : loadApiConfig(configFile);
    const runDir = resolve(options.runDir ?? config?.runDir ?? defaultRunDir());
    return { runDir, configFile: configFile ?? join(runDir, 'api', 'config.json') };
}

interface AddOptions {
    identity: string;
    description?: string;
    certificate?: string;
}

/** The SHA-256 (hex) of a PEM certificate's DER: how the configuration names a TLS client. */
function certificateSha256(pem: string): string {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
}

const program = new Command('spindle-api')
    .description("Spindle's REST API for MES and ERP")
    .option('--config <file>', 'the configuration file (default $SPINDLE_API_CONFIG, else <run-dir>/api/config.json)')
    .option('--run-dir <dir>', 'the run folder with the wallet and gateway profiles (default as the CLI)');

program
    .command('serve', { isDefault: true })
    .description('serve the API (the default command)')
    .option('--host <host>', 'address to listen on (default from the configuration, 127.0.0.1)')
    .option('--port <port>', 'port to listen on (default from the configuration, 8080)')
    .option('--console-dir <dir>', "the web console's built files (default console/dist of this checkout)")
    .action(async (options: { host?: string; port?: string; consoleDir?: string }, command: Command) => {
        const { runDir, configFile } = locations(command.optsWithGlobals<GlobalOptions>());
        const config = loadApiConfig(configFile);
        const port = new ClientPort(runDir, config.probeIdentity ?? config.clients[0]?.identity);
        const consoleDir = resolve(options.consoleDir ?? join(__dirname, '..', '..', 'console', 'dist'));
        const consoleBuilt = existsSync(join(consoleDir, 'index.html'));
        const app = await buildApiServer({
            config,
            port,
            agentsDir: config.agentsDir ?? join(runDir, 'agents'),
            logger: { level: process.env.SPINDLE_API_LOG_LEVEL ?? 'info' },
            ...(consoleBuilt ? { consoleDir } : {}),
            ...(config.tls === undefined
                ? {}
                : {
                      https: {
                          cert: readFileSync(config.tls.certificate, 'utf8'),
                          key: readFileSync(config.tls.privateKey, 'utf8'),
                          ...(config.tls.clientCa === undefined
                              ? {}
                              : { clientCa: readFileSync(config.tls.clientCa, 'utf8') }),
                      },
                  }),
        });
        app.addHook('onClose', () => port.close());
        const stop = (): void => {
            void app.close().then(() => process.exit(0));
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        const address = await app.listen({
            host: options.host ?? config.host,
            port: options.port === undefined ? config.port : Number(options.port),
        });
        app.log.info(
            { configFile, runDir, clients: config.clients.length },
            `Spindle API on ${address}: /api/v1, /docs, /openapi.json, /healthz, /readyz, /metrics`,
        );
        if (consoleBuilt) {
            app.log.info({ consoleDir }, `web console on ${address}/`);
        } else {
            app.log.warn({ consoleDir }, 'no web console built there (npm run build:console): / is not served');
        }
    });

const keys = program.command('keys').description('API clients and their keys');

keys.command('add <clientId>')
    .description('make a key for a new client acting as one wallet identity; prints the key once, stores its hash')
    .requiredOption('--identity <label>', 'the wallet identity, e.g. milla-operator, milla-admin, carding-a1')
    .option('--description <text>', 'who the client is, e.g. "MES of MillA"')
    .option('--certificate <pem>', "the client's TLS certificate: it may authenticate by mutual TLS too")
    .action(async (clientId: string, options: AddOptions, command: Command) => {
        const { runDir, configFile } = locations(command.optsWithGlobals<GlobalOptions>());
        if (!(await new IdentityDirectory(runDir).holds(options.identity))) {
            throw new SpindleError('IDENTITY_MISSING', `no identity ${options.identity} in ${join(runDir, 'wallet')}`);
        }
        const key = newApiKey();
        addApiClient(configFile, {
            id: clientId,
            keySha256: hashApiKey(key),
            identity: options.identity,
            ...(options.description === undefined ? {} : { description: options.description }),
            ...(options.certificate === undefined
                ? {}
                : { certificateSha256: certificateSha256(readFileSync(options.certificate, 'utf8')) }),
        });
        process.stderr.write(`client ${clientId} acts as ${options.identity}; its key (shown once):\n`);
        process.stdout.write(`${key}\n`);
    });

keys.command('list')
    .description('the configured clients and their identities (never the keys)')
    .action((_options: unknown, command: Command) => {
        const { configFile } = locations(command.optsWithGlobals<GlobalOptions>());
        for (const client of loadApiConfig(configFile).clients) {
            process.stdout.write(`${client.id}\t${client.identity}\t${client.description ?? ''}\n`);
        }
    });

program
    .command('openapi')
    .description('print the OpenAPI document')
    .action(() => {
        process.stdout.write(`${JSON.stringify(serviceDocument(), undefined, 2)}\n`);
    });

program.parseAsync().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`spindle-api: ${message}\n`);
    process.exit(error instanceof SpindleError && error.code === 'INVALID_ARGUMENT' ? 2 : 1);
});
