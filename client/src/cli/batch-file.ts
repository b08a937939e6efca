import { z } from 'zod';
import { idSchema } from '@spindle/chaincode/protocol';

import { readLocalFile } from '../errors/local-file';
import { parseInput } from '../session/parse-input';
import { SpindleError } from '../errors/spindle-error';

/** The file of `spindle message send-batch`: the messages, in the order they are sent. */
export const batchFileSchema = z
    .array(
        z
            .object({
                from: idSchema,
                to: idSchema,
                type: z.enum(['upload', 'download']).default('upload'),
                data: z.string(),
            })
            .strict(),
    )
    .min(1);

/**
 * Reads and checks a batch file.
 *
 * @throws SpindleError INVALID_ARGUMENT for a file that cannot be read, is not JSON or does not fit.
 */
export function readBatchFile(file: string): z.output<typeof batchFileSchema> {
    const text = readLocalFile(file, 'INVALID_ARGUMENT', 'the batch file', 'give a readable JSON file');
    let value: unknown;
    try {
        value = JSON.parse(Buffer.from(text).toString('utf8')) as unknown;
    } catch {
        throw new SpindleError('INVALID_ARGUMENT', `${file} is not JSON`);
    }
    return parseInput(batchFileSchema, value);
}
