import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { runCommand } from '../core/exec';
import { endpoint } from '../core/mill-host';
import { adminEnvironment } from '../processes/node-config';

/**
 * Fetches one block of the channel straight from a mill's orderer (as its admin, over TLS) and
 * returns its bytes, a serialized `common.Block`; `newest` is the orderer's last block.
 *
 * @throws NetworkError STEP_FAILED naming the log when the orderer does not deliver it.
 */
export async function fetchOrdererBlock(
    ctx: NetworkContext,
    mill: MillConfig,
    block: number | 'newest',
): Promise<Uint8Array> {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-block-'));
    const file = join(dir, 'block.pb');
    try {
        await runCommand(
            ctx.bin('peer'),
            [
                'channel',
                'fetch',
                String(block),
                file,
                '-c',
                ctx.config.channel,
                '-o',
                endpoint(mill.host, mill.ports.orderer),
                '--tls',
                '--cafile',
                ctx.folders(mill).orderer.tls.ca,
            ],
            { env: adminEnvironment(ctx, mill), logFile: ctx.stepLog(`${mill.key}-fetch`), timeoutMs: 30_000 },
        );
        return readFileSync(file);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
