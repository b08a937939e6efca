import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { NetworkError } from './errors';

/** A long-running process of the network: a CA, an orderer, a peer or a chaincode server. */
export interface ProcessSpec {
    /** Unique name, e.g. `milla-peer`; names the PID file and the log file. */
    name: string;
    command: string;
    args: string[];
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /**
     * The network namespace to start it in (`ip netns exec`, which execs the command, so the
     * recorded PID is the command's own).
     */
    namespace?: string;
}

/** A process the tool started, as its PID file records it. */
export interface ProcessRecord {
    name: string;
    pid: number;
    command: string;
    logFile: string;
}

/**
 * Starts, finds and stops the network's processes by the PIDs it recorded; it never looks
 * processes up by name, so it cannot stop anything it did not start.
 */
export class ProcessTable {
    constructor(
        private readonly pidsDir: string,
        private readonly logsDir: string,
    ) {}

    /** The log file of a process, one per process. */
    logFile(name: string): string {
        return join(this.logsDir, `${name}.log`);
    }

    /** Starts a process detached from the tool, with its output appended to its log. */
    start(spec: ProcessSpec): ProcessRecord {
        mkdirSync(this.pidsDir, { recursive: true });
        mkdirSync(this.logsDir, { recursive: true });
        if (!existsSync(spec.command)) {
            throw new NetworkError('BINARY_MISSING', `${spec.command} does not exist; run network/build-binaries.sh`);
        }
        const logFile = this.logFile(spec.name);
        const out = openSync(logFile, 'a');
        const [command, args] =
            spec.namespace === undefined
                ? [spec.command, spec.args]
                : ['ip', ['netns', 'exec', spec.namespace, spec.command, ...spec.args]];
        const child = spawn(command, args, {
            cwd: spec.cwd,
            env: { ...process.env, ...spec.env },
            detached: true,
            stdio: ['ignore', out, out],
        });
        closeSync(out);
        if (child.pid === undefined) {
            throw new NetworkError('STEP_FAILED', `could not start ${spec.name}`, logFile);
        }
        child.unref();
        const record: ProcessRecord = { name: spec.name, pid: child.pid, command: spec.command, logFile };
        writeFileSync(join(this.pidsDir, `${spec.name}.json`), JSON.stringify(record));
        return record;
    }

    /** The recorded process, if its PID still runs the same program. */
    running(name: string): ProcessRecord | undefined {
        const record = this.read(name);
        return record && isAlive(record) ? record : undefined;
    }

    /** Every process with a PID file, running or not. */
    list(): ProcessRecord[] {
        if (!existsSync(this.pidsDir)) {
            return [];
        }
        return readdirSync(this.pidsDir)
            .filter((file) => file.endsWith('.json'))
            .map((file) => this.read(file.slice(0, -'.json'.length)))
            .filter((record): record is ProcessRecord => record !== undefined);
    }

    /** Stops a recorded process: SIGTERM, then SIGKILL after `graceMs`; removes its PID file. */
    async stop(name: string, graceMs = 10_000): Promise<boolean> {
        const record = this.read(name);
        if (!record) {
            return false;
        }
        let stopped = false;
        if (isAlive(record)) {
            // An exiting process can look gone by its command line (emptied as its memory is
            // released) while its other threads still hold its sockets: it has exited only once
            // no thread of it, told apart from a later process with its PID by its start time, runs.
            const startTime = startTimeOf(record.pid);
            const exited = () => !isAlive(record) && !threadsRunning(record.pid, startTime);
            signal(record.pid, 'SIGTERM');
            const deadline = Date.now() + graceMs;
            while (!exited() && Date.now() < deadline) {
                await sleep(100);
            }
            if (!exited()) {
                signal(record.pid, 'SIGKILL');
                while (!exited()) {
                    await sleep(50);
                }
            }
            stopped = true;
        }
        rmSync(join(this.pidsDir, `${name}.json`), { force: true });
        return stopped;
    }

    private read(name: string): ProcessRecord | undefined {
        const file = join(this.pidsDir, `${name}.json`);
        if (!existsSync(file)) {
            return undefined;
        }
        const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (
            typeof raw !== 'object' ||
            raw === null ||
            typeof (raw as ProcessRecord).pid !== 'number' ||
            typeof (raw as ProcessRecord).command !== 'string'
        ) {
            return undefined;
        }
        const record = raw as ProcessRecord;
        return { name, pid: record.pid, command: record.command, logFile: this.logFile(name) };
    }
}

/** A PID is ours while it lives and still runs the recorded program (PIDs get reused). */
function isAlive(record: ProcessRecord): boolean {
    try {
        process.kill(record.pid, 0);
    } catch {
        return false;
    }
    try {
        const stat = readFileSync(`/proc/${record.pid}/stat`, 'utf8');
        if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) {
            return false;
        }
        const argv0 = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
        return basename(argv0) === basename(record.command);
    } catch {
        return false;
    }
}

/** The fields of /proc/<pid>/stat after the command name: [0] is the state, [19] the start time. */
function statFields(path: string): string[] | undefined {
    try {
        const stat = readFileSync(path, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    } catch {
        return undefined;
    }
}

/** When the process started, in clock ticks since boot; a later process with its PID differs. */
function startTimeOf(pid: number): string | undefined {
    return statFields(`/proc/${pid}/stat`)?.[19];
}

/** True while a thread of the process that started at `startTime` has not exited. */
function threadsRunning(pid: number, startTime: string | undefined): boolean {
    if (startTime === undefined || startTimeOf(pid) !== startTime) {
        return false;
    }
    let threads: string[];
    try {
        threads = readdirSync(`/proc/${pid}/task`);
    } catch {
        return false;
    }
    return threads.some((thread) => {
        const state = statFields(`/proc/${pid}/task/${thread}/stat`)?.[0];
        return state !== undefined && state !== 'Z' && state !== 'X';
    });
}

function signal(pid: number, name: NodeJS.Signals): void {
    try {
        process.kill(pid, name);
    } catch {
        // Already gone between the check and the signal.
    }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}
