import { readFileSync } from 'node:fs';

import { SpindleError } from './spindle-error';

/**
 * Reads a file the command needs (`-` is standard input), or fails with the caller's code, the
 * file, the reason, and what to do: never a bare ENOENT with a stack.
 *
 * @param what what the file is, for the message ("the certificate of milla-admin")
 * @param remedy what the user can do about it ("bring the network up again: npm run network -- up")
 */
export function readLocalFile(file: string, code: string, what: string, remedy: string): Buffer {
    try {
        return readFileSync(file === '-' ? 0 : file);
    } catch (error) {
        const reason =
            (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
        throw new SpindleError(code, `cannot read ${what} (${file}: ${reason}); ${remedy}`, undefined, {
            cause: error,
        });
    }
}

/** What to do when a file the network tool wrote into the run folder is gone. */
export const RUN_FOLDER_REMEDY = 'bring the network up again (npm run network -- up) or give the right --run-dir';
