import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { apiConfigSchema, hashApiKey, newApiKey } from '@spindle/api';

import { freePort } from '../support/new-machine';

/** `npm run api` as a process of its own, serving the built console, and the keys of its clients. */
export interface RunningApi {
    base: string;
    /** Each client's key by the wallet identity it acts as. */
    keys: Readonly<Record<string, string>>;
    stop(): Promise<void>;
}

const REPOSITORY = join(__dirname, '..', '..', '..');

/**
 * Starts the API service the way `npm run api` does (api/dist/main.js, which serves console/dist
 * of this checkout), with one client per identity, and waits until it is ready.
 */
export async function startApiService(
    runDir: string,
    folder: string,
    identities: readonly string[],
): Promise<RunningApi> {
    const keys = Object.fromEntries(identities.map((identity) => [identity, newApiKey()]));
    const configFile = join(folder, 'api-config.json');
    const config = apiConfigSchema.parse({
        runDir,
        agentsDir: join(folder, 'agents'),
        probeIdentity: identities[0],
        clients: identities.map((identity) => ({
            id: `console-${identity}`,
            keySha256: hashApiKey(keys[identity] ?? ''),
            identity,
        })),
    });
    writeFileSync(configFile, JSON.stringify(config));
    return serveApi(['--config', configFile], keys);
}

/**
 * Runs `api/dist/main.js <options> serve` (what `npm run api -- <options>` runs) on a free port and
 * waits until it is ready; `keys` are the keys its clients were given.
 */
export async function serveApi(
    options: readonly string[],
    keys: Readonly<Record<string, string>>,
): Promise<RunningApi> {
    const port = await freePort();
    const child: ChildProcess = spawn(
        process.execPath,
        [join(REPOSITORY, 'api', 'dist', 'main.js'), ...options, 'serve', '--port', String(port)],
        { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, SPINDLE_API_LOG_LEVEL: 'warn' } },
    );
    const base = `http://127.0.0.1:${port}`;
    const exited = new Promise<void>((resolve) => {
        child.once('exit', () => {
            resolve();
        });
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
        const ready = await fetch(`${base}/readyz`).catch(() => undefined);
        if (ready?.status === 200) {
            break;
        }
        if (Date.now() > deadline || child.exitCode !== null) {
            child.kill('SIGTERM');
            throw new Error(`the API service did not become ready on ${base}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return {
        base,
        keys,
        stop: async () => {
            child.kill('SIGTERM');
            await exited;
        },
    };
}
