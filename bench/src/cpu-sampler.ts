import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A process whose CPU time the bench follows. */
export interface WatchedProcess {
    name: string;
    pid: number;
}

/** CPU seconds (user + system) per process name. */
export type CpuSeconds = Record<string, number>;

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The network's processes from `run/pids/*.json` (CAs, orderers, peers) and the chaincode
 * servers from `run/chaincode-server.json` if it lists PIDs, plus the bench process itself.
 */
export function watchedProcesses(runDir: string): WatchedProcess[] {
    const processes: WatchedProcess[] = [{ name: 'bench-client', pid: process.pid }];
    const dir = join(runDir, 'pids');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
        processes.push(...pidEntries(JSON.parse(readFileSync(join(dir, file), 'utf8')), file.replace(/\.json$/, '')));
    }
    return processes;
}

function pidEntries(value: unknown, fallbackName: string): WatchedProcess[] {
    if (Array.isArray(value)) {
        return value.flatMap((item) => pidEntries(item, fallbackName));
    }
    if (typeof value !== 'object' || value === null) {
        return [];
    }
    const record = value as Record<string, unknown>;
    if (typeof record.pid === 'number') {
        return [{ name: typeof record.name === 'string' ? record.name : fallbackName, pid: record.pid }];
    }
    return [];
}

/** utime + stime of each process in seconds; a process that is gone reads as 0. */
export function sampleCpu(processes: readonly WatchedProcess[]): CpuSeconds {
    const sample: CpuSeconds = {};
    for (const { name, pid } of processes) {
        sample[name] = cpuSecondsOf(pid);
    }
    return sample;
}

/** The CPU seconds each process spent between two samples. */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
    const spent: CpuSeconds = {};
    for (const [name, seconds] of Object.entries(after)) {
        spent[name] = Math.round((seconds - (before[name] ?? 0)) * 100) / 100;
    }
    return spent;
}

function cpuSecondsOf(pid: number): number {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
    } catch {
        return 0;
    }
}
