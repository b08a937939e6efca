import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { NetworkContext } from '../core/context';
import { runCommand } from '../core/exec';

/** The protobuf messages Spindle converts with configtxlator. */
export type ConfigMessage = 'common.Block' | 'common.Config' | 'common.ConfigUpdate' | 'common.Envelope';

/** Decodes a protobuf file into Fabric's JSON form of the message. */
export async function decodeProto(ctx: NetworkContext, type: ConfigMessage, file: string): Promise<unknown> {
    // configtxlator's default output, /dev/stdout, cannot be opened on a pipe: write a file.
    return withScratch(async (json) => {
        await runCommand(
            ctx.bin('configtxlator'),
            ['proto_decode', '--type', type, '--input', file, '--output', json],
            { logFile: ctx.stepLog('configtxlator') },
        );
        return JSON.parse(readFileSync(json, 'utf8')) as unknown;
    });
}

async function withScratch<T>(use: (jsonFile: string) => Promise<T>): Promise<T> {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-configtx-'));
    try {
        return await use(join(dir, 'message.json'));
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** Encodes Fabric's JSON form of a message into a protobuf file. */
export async function encodeProto(
    ctx: NetworkContext,
    type: ConfigMessage,
    value: unknown,
    file: string,
): Promise<void> {
    await withScratch(async (json) => {
        writeFileSync(json, JSON.stringify(value));
        await runCommand(
            ctx.bin('configtxlator'),
            ['proto_encode', '--type', type, '--input', json, '--output', file],
            { logFile: ctx.stepLog('configtxlator') },
        );
    });
}

/**
 * The ConfigUpdate that turns one channel config into another (read set, write set), as the
 * orderer checks it against each changed element's modification policy.
 */
export async function computeUpdate(
    ctx: NetworkContext,
    channel: string,
    originalFile: string,
    updatedFile: string,
    outputFile: string,
): Promise<Buffer> {
    await runCommand(
        ctx.bin('configtxlator'),
        [
            'compute_update',
            '--channel_id',
            channel,
            '--original',
            originalFile,
            '--updated',
            updatedFile,
            '--output',
            outputFile,
        ],
        { logFile: ctx.stepLog('configtxlator') },
    );
    return readFileSync(outputFile);
}
