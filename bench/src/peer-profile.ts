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
 * A CPU profile of a peer over `seconds`, taken while a workload runs: the raw profile and
 * `go tool pprof -top -cum` of it are kept in the results folder, and the profile's duration
 * with each stage's share of the samples is answered, to show where the peer's CPU went.
 * Answers the reason instead when the profile could not be taken.
 */
export async function profilePeer(port: number, seconds: number, dir: string, name: string): Promise<string> {
    try {
        const response = await fetch(`http://127.0.0.1:${port}/debug/pprof/profile?seconds=${seconds}`, {
            signal: AbortSignal.timeout((seconds + 30) * 1000),
        });
        if (!response.ok) {
            return `no profile: the peer answered ${response.status}`;
        }
        const file = join(dir, `${name}.pb.gz`);
        writeFileSync(file, Buffer.from(await response.arrayBuffer()));
        const { stdout } = await run('go', ['tool', 'pprof', '-top', '-cum', '-nodecount=400', file], {
            maxBuffer: 16 * 1024 * 1024,
        });
        writeFileSync(join(dir, `${name}.txt`), stdout);
        const duration = stdout.split('\n').find((line) => line.startsWith('Duration:')) ?? '';
        const shares = stageShares(stdout).map(({ stage, percent }) => `${percent.toFixed(1).padStart(5)} %  ${stage}`);
        return [duration, ...shares].join('\n');
    } catch (error) {
        return `no profile: ${error instanceof Error ? error.message : String(error)}`;
    }
}
