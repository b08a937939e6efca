import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_NAMES, PROBE_TRANSACTIONS, qualifiedName } from '@spindle/chaincode/protocol';
import { DeviceAgent, FileCheckpointer, eciesCipher, runQuery } from '@spindle/client';
import { pino } from 'pino';

import type { BenchContext } from '../bench-context';
import { runLoad } from '../harness';
import type { BenchMachine } from '../ready-machines';
import type { WorkloadResult } from './workload';

const ANSWER = Buffer.from(JSON.stringify({ status: 'running', lapWeightGPerM: 68.2, cvPercent: 1.8 }));

/**
 * The 9-step query flow end to end, one query at a time: the requester's `runQuery` against a
 * DeviceAgent for the responder running in this process. The agent starts from the current
 * block (a checkpoint written first), so it does not replay the whole channel.
 */
export async function queryFlow(
    context: BenchContext,
    requester: BenchMachine,
    responder: BenchMachine,
    durationMs: number,
    maxCount: number,
): Promise<WorkloadResult> {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-bench-agent-'));
    const checkpointer = FileCheckpointer.open(join(dir, 'checkpoint.json'));
    const marker = await context.admin.submit(qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put), {
        args: [`${context.runId}-agent-start`, 'x'],
    });
    await checkpointer.checkpointBlock(marker.blockNumber);
    const agent = new DeviceAgent({
        machines: [responder.session],
        checkpointer,
        cipher: eciesCipher,
        answer: () => Promise.resolve(ANSWER),
        logger: pino({ level: 'silent' }),
        chaincode: context.network.config.chaincode.name,
    });
    const running = agent.run();
    try {
        const load = await runLoad({ concurrency: 1, durationMs, maxCount }, async () => {
            await runQuery({
                requester: requester.session,
                responderId: responder.record.machineId,
                question: Buffer.from(JSON.stringify({ what: 'status and quality' })),
                cipher: eciesCipher,
                chaincode: context.network.config.chaincode.name,
                timeoutMs: 30_000,
            });
            return 'VALID';
        });
        return {
            id: 'query-flow',
            title: `9-step query ${requester.record.machineId} -> ${responder.record.machineId} (agent in process)`,
            kind: 'flow',
            concurrency: 1,
            load,
        };
    } finally {
        agent.stop();
        await running.catch(() => undefined);
        rmSync(dir, { recursive: true, force: true });
    }
}
