import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Packet } from '@spindle/chaincode/protocol';
import { type AgentStep, type MachineDescription, buildPacket, eciesCipher } from '@spindle/client';

import { testNetwork } from '../../support/local-network';
import { type ReadyMachine, readyMachine } from '../../support/machines';

/**
 * A device agent run as its own process (`spindle agent`), as a mill runs it, so a case can
 * kill it with SIGKILL and start it again on the same checkpoint, as a supervisor would.
 */
export class DeviceAgentProcess {
    private child: ChildProcess | undefined;
    private exit: Promise<void> = Promise.resolve();

    constructor(
        private readonly machineId: string,
        private readonly checkpoint: string,
        /** More `spindle agent` options, e.g. `--opcua <file>`, `--history-dir <dir>`. */
        private readonly extraArgs: readonly string[] = [],
    ) {}

    /**
     * Starts the agent with its JSON log appended to `logFile`; with `crashAt`, the agent kills
     * itself with SIGKILL right after that step (the `SPINDLE_AGENT_CRASH_AT` test hook).
     */
    start(logFile: string, crashAt?: AgentStep): void {
        const { paths } = testNetwork().ctx;
        const out = openSync(logFile, 'a');
        const child = spawn(
            process.execPath,
            [
                join(paths.repoRoot, 'client', 'dist', 'cli', 'main.js'),
                '--run-dir',
                paths.runDir,
                'agent',
                '--machine',
                this.machineId,
                '--checkpoint',
                this.checkpoint,
                ...this.extraArgs,
            ],
            {
                stdio: ['ignore', out, out],
                env: { ...process.env, SPINDLE_AGENT_CRASH_AT: crashAt ?? '' },
            },
        );
        closeSync(out);
        this.exit = new Promise((resolve) => {
            child.once('exit', () => {
                resolve();
            });
        });
        this.child = child;
    }

    /** True while the agent process runs. */
    get running(): boolean {
        return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
    }

    /** Sends `signal` (SIGKILL for a crash, SIGTERM for a clean stop) and waits until the process is gone. */
    async stop(signal: NodeJS.Signals): Promise<void> {
        if (this.running) {
            this.child?.kill(signal);
        }
        await this.exit;
        this.child = undefined;
    }
}

/** The `queryId`s of the log lines in which an agent says it answered a query. */
export function answeredIn(logFile: string): string[] {
    return readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"msg":"query answered"'))
        .map((line) => (JSON.parse(line) as { queryId: string }).queryId);
}

/** A query packet from one machine to another, its question numbered `index`. */
export async function queryPacket(requester: ReadyMachine, receiverId: string, index: number): Promise<Packet> {
    const keys = await requester.machine.registry.keys(receiverId);
    return buildPacket(
        {
            senderId: requester.machine.machineId,
            receiverId,
            type: 'query',
            plaintext: Buffer.from(JSON.stringify({ what: 'sliver count', index })),
            receiverEncryptionKeyPem: keys.encryptionPublicKey,
            signingKeyPem: requester.machine.signingKeyPem,
        },
        eciesCipher,
    );
}

/** Sends `count` queries from one machine to another through the 9-step flow's first step; returns their IDs. */
export async function sendQueries(requester: ReadyMachine, receiverId: string, count: number): Promise<string[]> {
    const queryIds: string[] = [];
    for (let index = 0; index < count; index += 1) {
        const packet = await queryPacket(requester, receiverId, index);
        queryIds.push((await requester.machine.queries.request(packet)).queryId);
    }
    return queryIds;
}

/** How many of the queries are answered. */
export async function answeredCount(requester: ReadyMachine, queryIds: readonly string[]): Promise<number> {
    const statuses = await Promise.all(queryIds.map(async (id) => (await requester.machine.queries.get(id)).status));
    return statuses.filter((status) => status === 'ANSWERED').length;
}

/** What an agent case works with: the two machines, drawing-b1's agent process and its scratch folder. */
export interface AgentCase {
    requester: ReadyMachine;
    responder: ReadyMachine;
    agent: DeviceAgentProcess;
    checkpoint: string;
    scratch: string;
}

/**
 * Sets up an agent case inside a `describe`: readies the machines before, and after it stops
 * the agent and closes the sessions, whatever the case did.
 */
export function useAgentCase(): AgentCase {
    const scratch = mkdtempSync(join(tmpdir(), 'spindle-agent-chaos-'));
    const checkpoint = join(scratch, 'checkpoint.json');
    const state = { scratch, checkpoint, agent: new DeviceAgentProcess('drawing-b1', checkpoint) } as AgentCase;
    before(async function () {
        Object.assign(state, await readyQueryPair());
    });
    after(async function () {
        await state.agent.stop('SIGTERM');
        state.requester.machine.close();
        state.responder.machine.close();
    });
    return state;
}

/** The agent cases' two machines, ACTIVE: carding-a2 at MillA asks, drawing-b1 at MillB (the agent's machine) answers. */
export async function readyQueryPair(): Promise<{ requester: ReadyMachine; responder: ReadyMachine }> {
    const requester = await readyMachine(CARDING_A2.machineId, CARDING_A2);
    const responder = await readyMachine(DRAWING_B1.machineId, DRAWING_B1);
    return { requester, responder };
}

/** MillA's carding machine as the manifest lists it: the agent cases' requester. */
export const CARDING_A2: MachineDescription = {
    machineId: 'carding-a2',
    ownerMspId: 'MillAMSP',
    machineType: 'carding',
    line: 'line-a1',
    processStep: 'carding',
    vendor: 'Trützschler',
    serialNumber: 'TC19-3002',
};

/** MillB's drawing frame as the manifest lists it: the agent cases' responder, the peer case's collection owner. */
export const DRAWING_B1: MachineDescription = {
    machineId: 'drawing-b1',
    ownerMspId: 'MillBMSP',
    machineType: 'drawing',
    line: 'line-b1',
    processStep: 'drawing',
    vendor: 'Rieter',
    serialNumber: 'RSB-4001',
};
