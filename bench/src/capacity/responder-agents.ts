import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_NAMES, PROBE_TRANSACTIONS, qualifiedName } from '@spindle/chaincode/protocol';
import { DeviceAgent, FileCheckpointer, type MachineSession, eciesCipher } from '@spindle/client';
import { pino } from 'pino';

import type { BenchContext } from '../bench-context';

/** A short status and quality answer; the device bench measures answers that carry proofs. */
const ANSWER = Buffer.from(JSON.stringify({ status: 'running', lotId: 'lot-bench', cvPercent: 1.8, neps: 112 }));

/** Running agents and how to stop them. */
export interface ResponderAgents {
    /** Agents running, one per mill. */
    count: number;
    stop(): Promise<void>;
}

/**
 * One DeviceAgent per mill (an edge box) for the responders of that mill, in this process,
 * listening from the current block (a marker transaction's), answering 9-step queries with a
 * fixed short answer and moving each query's packet into the responder's chain.
 */
export async function startResponderAgents(
    context: BenchContext,
    responders: readonly { mspId: string; session: MachineSession }[],
): Promise<ResponderAgents> {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-capacity-agents-'));
    const marker = await context.admin.submit(qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put), {
        args: [`${context.runId}-capacity-agents`, 'x'],
    });
    const byMill = new Map<string, MachineSession[]>();
    for (const responder of responders) {
        byMill.set(responder.mspId, [...(byMill.get(responder.mspId) ?? []), responder.session]);
    }
    const agents: { agent: DeviceAgent; running: Promise<void> }[] = [];
    for (const [mspId, sessions] of byMill) {
        const checkpointer = FileCheckpointer.open(join(dir, `${mspId}.json`));
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
