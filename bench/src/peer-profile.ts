import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { stageShares } from './profile-stages';

const run = promisify(execFile);

/**
 * Whether the peers serve Go's pprof: the network was brought up with SPINDLE_PEER_PPROF=1.
 * Answers false without waiting when nothing listens.
 */
export async function peerProfileAvailable(port: number): Promise<boolean> {
    try {
        const response = await fetch(`http://127.0.0.1:${port}/debug/pprof/`, { signal: AbortSignal.timeout(2000) });
        return response.ok;
    } catch {
        return false;
    }
}

/**
 * Takes a CPU profile of a peer over `seconds`, while a workload runs, into `file` (`.pb.gz`).
 *
 * @throws Error PROFILE_FAILED when the peer answers with an error status.
 */
export async function capturePeerProfile(port: number, seconds: number, file: string): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${port}/debug/pprof/profile?seconds=${seconds}`, {
        signal: AbortSignal.timeout((seconds + 30) * 1000),
    });
    if (!response.ok) {
        throw new Error(`PROFILE_FAILED: the peer answered ${response.status}`);
    }
    writeFileSync(file, Buffer.from(await response.arrayBuffer()));
}

/**
 * `go tool pprof -top -cum` of a saved profile, `nodeCount` rows; `nodeFraction` 0 keeps the
 * functions pprof would drop as too small (by default those under 0.5 % of the samples).
 */
export async function topCumOf(file: string, nodeCount = 400, nodeFraction?: number): Promise<string> {
    const fraction = nodeFraction === undefined ? [] : [`-nodefraction=${nodeFraction}`];
    const { stdout } = await run(
        'go',
        ['tool', 'pprof', '-top', '-cum', `-nodecount=${nodeCount}`, ...fraction, file],
        {
            maxBuffer: 16 * 1024 * 1024,
        },
    );
    return stdout;
}

/**
 * A CPU profile of a peer over `seconds`, taken while a workload runs: the raw profile and
 * `go tool pprof -top -cum` of it are kept in the results folder, and the profile's duration
 * with each stage's share of the samples is answered, to show where the peer's CPU went.
 * Answers the reason instead when the profile could not be taken.
 */
export async function profilePeer(port: number, seconds: number, dir: string, name: string): Promise<string> {
    try {
        const file = join(dir, `${name}.pb.gz`);
        await capturePeerProfile(port, seconds, file);
        const stdout = await topCumOf(file);
        writeFileSync(join(dir, `${name}.txt`), stdout);
        const duration = stdout.split('\n').find((line) => line.startsWith('Duration:')) ?? '';
        const shares = stageShares(stdout).map(({ stage, percent }) => `${percent.toFixed(1).padStart(5)} %  ${stage}`);
        return [duration, ...shares].join('\n');
    } catch (error) {
        return `no profile: ${error instanceof Error ? error.message : String(error)}`;
    }
}
