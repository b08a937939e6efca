import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { type NetworkContext, isPortFree, pathWithProjectNode, sampleConfigDir } from '@spindle/network';

/**
 * The vendored, unchanged copy of fabric-samples' test-network-nano-bash: SPINDLE_NANO_BASH_DIR,
 * else `shared/vendor/fabric-samples/test-network-nano-bash` in the nearest folder above the
 * repository that has one (`../shared` beside a clone). It is never edited, never copied into the
 * repository.
 *
 * @throws Error when there is none.
 */
export function vendoredNanoBash(repoRoot: string): string {
    const fromEnvironment = process.env.SPINDLE_NANO_BASH_DIR;
    if (fromEnvironment !== undefined && fromEnvironment !== '') {
        return fromEnvironment;
    }
    for (let dir = dirname(repoRoot); ; dir = dirname(dir)) {
        const candidate = join(dir, 'shared', 'vendor', 'fabric-samples', 'test-network-nano-bash');
        if (existsSync(candidate)) {
            return candidate;
        }
        if (dirname(dir) === dir) {
            throw new Error(
                `no shared/vendor/fabric-samples/test-network-nano-bash above ${repoRoot}; set SPINDLE_NANO_BASH_DIR`,
            );
        }
    }
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/**
 * Every port nano-bash listens on with Raft: orderers 6050-6052 (and their cluster and admin
 * ports), peers 7051-7058 (listen and chaincode), operations 8443-8449, orderer admin 9443-9445,
 * and on the `-ca` path its CAs 5052-5054 with operations 9843-9845.
 */
export const NANO_BASH_PORTS: readonly number[] = [
    ...range(5052, 5054),
    ...range(6050, 6053),
    ...range(7051, 7058),
    ...range(8443, 8449),
    ...range(9443, 9446),
    ...range(9843, 9845),
];

/** A temporary fabric-samples layout: nano-bash's copy, `../config` and `../bin` beside it, a `docker` shim. */
export interface NanoBashLayout {
    root: string;
    dir: string;
    shimDir: string;
}

/**
 * Lays out what fabric-samples' install script would beside a copy of nano-bash: `config/` with
 * Fabric 2.5.9's sample core.yaml, orderer.yaml and configtx.yaml (from the Go module cache the
 * binaries were built from) and `bin/` pointing at the project's binaries. Two things nano-bash
 * needs from Docker are answered on this copy only: `network.sh` runs `docker context inspect`
 * for the peers' `vm.endpoint`, so a `docker` shim first on the PATH answers it with no endpoint
 * (and fails every other command, as a missing Docker would); and the copied core.yaml has
 * `vm.endpoint` cleared, or each peer's `/healthz` reports Docker unreachable and `network.sh`
 * waits for ever.
 */
export async function layOutNanoBash(ctx: NetworkContext, root: string): Promise<NanoBashLayout> {
    const dir = join(root, 'test-network-nano-bash');
    cpSync(vendoredNanoBash(ctx.paths.repoRoot), dir, { recursive: true });
    // The vendored files are read-only; network.sh writes logs/, data/ and crypto-config/ beside them.
    execFileSync('chmod', ['-R', 'u+w', dir]);

    const config = join(root, 'config');
    mkdirSync(config);
    const samples = await sampleConfigDir(ctx);
    for (const file of ['core.yaml', 'orderer.yaml', 'configtx.yaml']) {
        cpSync(join(samples, file), join(config, file));
        chmodSync(join(config, file), 0o644);
    }
    // The one line a user without Docker edits: vm.endpoint, empty (core.yaml's own comment says so).
    const core = readFileSync(join(config, 'core.yaml'), 'utf8');
    const cleared = core.replace(/^(\s+endpoint:) unix:\/\/\/var\/run\/docker\.sock$/m, '$1 ""');
    if (cleared === core) {
        throw new Error(`no Docker vm.endpoint to clear in ${join(samples, 'core.yaml')}`);
    }
    writeFileSync(join(config, 'core.yaml'), cleared);
    symlinkSync(ctx.paths.binDir, join(root, 'bin'));

    const shimDir = join(root, 'shim');
    mkdirSync(shimDir);
    writeFileSync(
        join(shimDir, 'docker'),
        [
            '#!/bin/sh',
            '# Test shim: no Docker here. network.sh asks for the Docker endpoint; there is none.',
            'if [ "$1" = context ] && [ "$2" = inspect ]; then echo; exit 0; fi',
            'echo "docker: not available (Spindle test-network shim)" >&2',
            'exit 127',
            '',
        ].join('\n'),
        { mode: 0o755 },
    );
    return { root, dir, shimDir };
}

/** A running `network.sh start`: its process group, the PIDs recorded in it, its log. */
export interface NanoBashRun {
    child: ChildProcess;
    pids: number[];
    log: string;
}

/** The PATH nano-bash's scripts run with: the docker shim, then the project's Node (the builders' node and npm). */
export function nanoBashPath(ctx: NetworkContext, layout: NanoBashLayout): string {
    return [layout.shimDir, pathWithProjectNode(ctx.paths.repoRoot)].join(':');
}

/**
 * Runs nano-bash's own `./network.sh start [-ca]` in a process group of its own, waits for its
 * "Fabric network running" line, and records the PIDs of its group (orderers, peers, CAs and the
 * scripts that started them).
 *
 * @throws Error when the network does not come up within the time allowed, or exits.
 */
export async function startNanoBash(
    ctx: NetworkContext,
    layout: NanoBashLayout,
    withCa: boolean,
    timeoutMs = 120_000,
): Promise<NanoBashRun> {
    const log = join(layout.root, `network-${withCa ? 'ca' : 'cryptogen'}.log`);
    const out = openSync(log, 'w');
    const child = spawn('./network.sh', ['start', ...(withCa ? ['-ca'] : [])], {
        cwd: layout.dir,
        detached: true,
        stdio: ['ignore', out, out],
        env: { ...process.env, PATH: nanoBashPath(ctx, layout) },
    });
    const run: NanoBashRun = { child, pids: [], log };
    const deadline = Date.now() + timeoutMs;
    while (!readFileSync(log, 'utf8').includes('Fabric network running')) {
        if (child.exitCode !== null || Date.now() > deadline) {
            await stopNanoBash(run);
            throw new Error(
                `network.sh start did not come up (see ${log}):\n${readFileSync(log, 'utf8').slice(-2000)}`,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    run.pids = groupPids(child.pid ?? 0);
    return run;
}

/**
 * Stops what `startNanoBash` started: SIGTERM to `network.sh`, whose trap stops its process group,
 * then SIGKILL to any recorded PID (or later member of its group, a chaincode a peer started)
 * still alive; waits until nano-bash's ports are free.
 */
export async function stopNanoBash(run: NanoBashRun): Promise<void> {
    const group = run.child.pid;
    if (group === undefined) {
        return;
    }
    const alive = (): number[] => [...new Set([...run.pids.filter(isAlive), ...groupPids(group)])];
    signalGroup(group, 'SIGTERM');
    for (let waited = 0; alive().length > 0 && waited < 10_000; waited += 200) {
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (const pid of alive()) {
        try {
            process.kill(pid, 'SIGKILL');
        } catch {
            // gone meanwhile
        }
    }
    for (let waited = 0; waited < 15_000; waited += 250) {
        const taken = await takenPorts();
        if (taken.length === 0) {
            return;
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`nano-bash's ports are still taken after it stopped: ${(await takenPorts()).join(', ')}`);
}

/** The nano-bash ports something listens on. */
export async function takenPorts(): Promise<number[]> {
    const taken: number[] = [];
    for (const port of NANO_BASH_PORTS) {
        if (!(await isPortFree(port))) {
            taken.push(port);
        }
    }
    return taken;
}

function groupPids(group: number): number[] {
    try {
        return execFileSync('ps', ['-o', 'pid=', '-g', String(group)], { encoding: 'utf8' })
            .split('\n')
            .map((line) => Number(line.trim()))
            .filter((pid) => pid > 0);
    } catch {
        return [];
    }
}

function isAlive(pid: number): boolean {
    try {
        process.kill(pid, 0);
        return true;
    } catch {
        return false;
    }
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
    try {
        process.kill(-group, signal);
    } catch {
        // the group is gone
    }
}
