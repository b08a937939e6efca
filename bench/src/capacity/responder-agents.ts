import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_NAMES, PROBE_TRANSACTIONS, qualifiedName } from '@spindle/chaincode/protocol';
import { DeviceAgent, FileCheckpointer, type MachineSession, eciesCipher } from '@spindle/client';
import { pino } from 'pino';

import type { BenchContext } from '../bench-context';

/** A short status and quality answer; the device bench measures answers that carry proofs. */
const ANSWER = Buffer.from(JSON.stringify({ status: 'running', lotId: 'lot-bench', cvPercent: 1.8, neps: 112 }));

/** Whom one agent serves: one machine (its own device agent) or every responder of a mill (an edge box). */
export type AgentScope = 'machine' | 'mill';

/** Running agents and how to stop them. */
export interface ResponderAgents {
    /** Agents running. */
    count: number;
    stop(): Promise<void>;
}

/**
 * DeviceAgents for the responders, in this process: one per machine, or one per mill (an edge
 * box, which handles its machines' events one at a time), each listening from the current block
 * (a marker transaction's), answering 9-step queries with a fixed short answer and moving each
 * query's packet into the responder's chain.
 */
export async function startResponderAgents(
    context: BenchContext,
    responders: readonly { mspId: string; session: MachineSession }[],
    scope: AgentScope,
): Promise<ResponderAgents> {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-capacity-agents-'));
    const marker = await context.admin.submit(qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put), {
        args: [`${context.runId}-capacity-agents`, 'x'],
    });
    const groups = new Map<string, MachineSession[]>();
    for (const responder of responders) {
        const key = scope === 'machine' ? responder.session.machineId : responder.mspId;
        groups.set(key, [...(groups.get(key) ?? []), responder.session]);
    }
    const agents: { agent: DeviceAgent; running: Promise<void> }[] = [];
    for (const [key, sessions] of groups) {
        const checkpointer = FileCheckpointer.open(join(dir, `${key}.json`));
        await checkpointer.checkpointBlock(marker.blockNumber);
        const agent = new DeviceAgent({
            machines: sessions,
            checkpointer,
            cipher: eciesCipher,
            answer: () => Promise.resolve(ANSWER),
            logger: pino({ level: 'silent' }),
            chaincode: context.network.config.chaincode.name,
        });
        agents.push({ agent, running: agent.run() });
    }
    return {
        count: agents.length,
        async stop() {
            for (const { agent } of agents) {
                agent.stop();
            }
            await Promise.all(agents.map(({ running }) => running.catch(() => undefined)));
            rmSync(dir, { recursive: true, force: true });
        },
    };
}
