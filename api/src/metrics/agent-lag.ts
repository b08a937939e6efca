import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const CHECKPOINT_SUFFIX = '.checkpoint.json';
const checkpointSchema = z.object({ blockNumber: z.string().regex(/^\d+$/) }).passthrough();

/** How far one agent is behind the channel. */
export interface AgentLag {
    /** The checkpoint's name: its machines, e.g. `lap-former-b1`. */
    agent: string;
    /** Blocks committed that the agent has not finished handling. */
    blocks: number;
}

/**
 * Each agent's lag behind a channel of `height` blocks, from the durable checkpoints agents keep
 * in `agentsDir` (`<machines>.checkpoint.json`: the next block to handle). A checkpoint that does
 * not parse is left out, not guessed.
 */
export function agentLags(agentsDir: string, height: bigint): AgentLag[] {
    if (!existsSync(agentsDir)) {
        return [];
    }
    const lags: AgentLag[] = [];
    for (const file of readdirSync(agentsDir)
        .filter((name) => name.endsWith(CHECKPOINT_SUFFIX))
        .sort()) {
        let next: bigint;
        try {
            next = BigInt(checkpointSchema.parse(JSON.parse(readFileSync(join(agentsDir, file), 'utf8'))).blockNumber);
        } catch {
            continue;
        }
        const behind = height > next ? height - next : 0n;
        lags.push({ agent: file.slice(0, -CHECKPOINT_SUFFIX.length), blocks: Number(behind) });
    }
    return lags;
}
