import { readFileSync, writeFileSync } from 'node:fs';

import type { NetworkContext } from './context';
import { runCommand } from './exec';

/** The protobuf messages Spindle converts with configtxlator. */
export type ConfigMessage = 'common.Block' | 'common.Config' | 'common.ConfigUpdate' | 'common.Envelope';

/** Decodes a protobuf file into Fabric's JSON form of the message. */
export async function decodeProto(ctx: NetworkContext, type: ConfigMessage, file: string): Promise<unknown> {
    const output = await runCommand(ctx.bin('configtxlator'), ['proto_decode', '--type', type, '--input', file], {
        logFile: ctx.stepLog('configtxlator'),
    });
    return JSON.parse(output) as unknown;
}

/** Encodes Fabric's JSON form of a message into a protobuf file. */
export async function encodeProto(
    ctx: NetworkContext,
    type: ConfigMessage,
    value: unknown,
    file: string,
): Promise<void> {
    const json = `${file}.json`;
    writeFileSync(json, JSON.stringify(value, null, 2));
    await runCommand(ctx.bin('configtxlator'), ['proto_encode', '--type', type, '--input', json, '--output', file], {
        logFile: ctx.stepLog('configtxlator'),
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
