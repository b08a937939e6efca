import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { SpindleError } from '../errors/spindle-error';
import type { CleanupStack } from './cleanup-stack';

/** The machines one agent process speaks for: a mill's edge box. */
export interface AgentGroup {
    mill: string;
    machineIds: string[];
    /** The OPC UA configuration files of those machines that have a controller. */
    opcuaConfigFiles: string[];
}

/** How the scenario's agents record and seal. */
export interface LineAgentOptions {
    /** The seal cadence, as `spindle agent --seal-every` takes it, e.g. `10s`. */
    sealEvery: string;
    /** How long to wait for an agent to listen before giving up. */
    readyTimeoutMs: number;
}

/** An agent process the scenario started. */
export interface LineAgent {
    mill: string;
    machineIds: string[];
    pid: number;
    logFile: string;
}

const LISTENING = '"msg":"agent listening"';
const STOP_GRACE_MS = 15_000;
/** Agents the scenario is stopping: their exit is expected. */
const stopping = new WeakSet<ChildProcess>();
/**
 * Starts one `spindle agent` process per group, as a mill would run it: its machines, their OPC UA
 * files (`--opcua`), a history folder per mill (`<runDir>/history/<mill>`), `--seal-every`, its own
 * checkpoint, its JSON log in `<runDir>/logs/scenario-agent-<mill>.log`. Each is added to `cleanup`
 * (SIGTERM by its PID, SIGKILL after 15 s) as soon as it is spawned, then waited for until its log
 * says it listens.
 *
 * @throws SpindleError AGENT_FAILED when an agent exits, or does not listen in time, with its log's last line.
 */
export async function startLineAgents(
    groups: readonly AgentGroup[],
    runDir: string,
    options: LineAgentOptions,
    cleanup: CleanupStack,
    progress: (line: string) => void,
): Promise<LineAgent[]> {
    const cli = join(__dirname, '..', 'cli', 'main.js');
    mkdirSync(join(runDir, 'logs'), { recursive: true });
    mkdirSync(join(runDir, 'agents'), { recursive: true });
    const started: { agent: LineAgent; child: ChildProcess; logFrom: number }[] = [];
    for (const group of groups) {
        const name = group.mill.toLowerCase();
        const logFile = join(runDir, 'logs', `scenario-agent-${name}.log`);
        const args = [
            cli,
            '--run-dir',
            runDir,
            'agent',
            '--machine',
            ...group.machineIds,
            '--checkpoint',
            join(runDir, 'agents', `scenario-${name}.checkpoint.json`),
            ...(group.opcuaConfigFiles.length === 0
                ? []
                : [
                      '--opcua',
                      ...group.opcuaConfigFiles,
                      '--history-dir',
                      join(runDir, 'history', name),
                      '--seal-every',
                      options.sealEvery,
                  ]),
        ];
        // The log is appended to across runs: this run's lines start at its present size.
        const logFrom = existsSync(logFile) ? statSync(logFile).size : 0;
        const log = openSync(logFile, 'a');
        const child = spawn(process.execPath, args, { stdio: ['ignore', log, log] });
        closeSync(log);
        const { pid } = child;
        if (pid === undefined) {
            throw new SpindleError('AGENT_FAILED', `the agent of ${group.mill} did not start`);
        }
        const agent = { mill: group.mill, machineIds: group.machineIds, pid, logFile };
        cleanup.add(`agent of ${group.mill} (pid ${pid})`, () => stopChild(child));
        child.once('exit', (code, signal) => {
            if (!stopping.has(child)) {
                progress(`   the agent of ${group.mill} (pid ${pid}) exited (${signal ?? code}); see ${logFile}`);
            }
        });
        started.push({ agent, child, logFrom });
        progress(`   agent of ${group.mill} (pid ${pid}): ${group.machineIds.join(', ')}; log ${logFile}`);
    }
    for (const { agent, child, logFrom } of started) {
        await untilListening(agent, child, logFrom, options.readyTimeoutMs);
    }
    return started.map(({ agent }) => agent);
}

async function untilListening(
    agent: LineAgent,
    child: ChildProcess,
    logFrom: number,
    timeoutMs: number,
): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!logText(agent.logFile, logFrom).includes(LISTENING)) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new SpindleError(
                'AGENT_FAILED',
                `the agent of ${agent.mill} exited (${child.signalCode ?? child.exitCode}) before it listened: ${lastLine(agent.logFile)}`,
            );
        }
        if (Date.now() > deadline) {
            throw new SpindleError(
                'AGENT_FAILED',
                `the agent of ${agent.mill} did not listen within ${timeoutMs / 1000} s: ${lastLine(agent.logFile)}`,
            );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}

/** Stops an agent by its PID: SIGTERM, then SIGKILL if it has not exited after the grace time. */
async function stopChild(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    stopping.add(child);
    const exited = new Promise<void>((resolve) =>
        child.once('exit', () => {
            resolve();
        }),
    );
    child.kill('SIGTERM');
    const timer = setTimeout(() => {
        child.kill('SIGKILL');
    }, STOP_GRACE_MS);
    try {
        await exited;
    } finally {
        clearTimeout(timer);
    }
}

function logText(file: string, from = 0): string {
    return existsSync(file) ? readFileSync(file).subarray(from).toString('utf8') : '';
}

function lastLine(file: string): string {
    return logText(file).trimEnd().split('\n').at(-1)?.slice(0, 400) ?? '(empty log)';
}
