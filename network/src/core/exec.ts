import { execFile } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import { NetworkError } from './errors';

/** How to run one command of a step. */
export interface CommandOptions {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Every run's command line and output are appended here, so a failed step names a log. */
    logFile: string;
    timeoutMs?: number;
}

/**
 * Runs a command to completion and returns its standard output.
 *
 * @throws NetworkError STEP_FAILED when it exits non-zero or times out; the message carries
 * the last lines of its output and names the log with the rest.
 */
export function runCommand(command: string, args: string[], options: CommandOptions): Promise<string> {
    mkdirSync(dirname(options.logFile), { recursive: true });
    appendFileSync(options.logFile, `\n$ ${command} ${args.join(' ')}\n`);
    return new Promise((resolve, reject) => {
        execFile(
            command,
            args,
            {
                env: { ...process.env, ...options.env },
                cwd: options.cwd,
                timeout: options.timeoutMs ?? 120_000,
                maxBuffer: 64 * 1024 * 1024,
            },
            (error, stdout, stderr) => {
                appendFileSync(options.logFile, stdout + stderr);
                if (error) {
                    const tail = (stderr || stdout).trim().split('\n').slice(-3).join(' | ');
                    reject(
                        new NetworkError(
                            'STEP_FAILED',
                            `${command.split('/').pop() ?? command} ${args[0] ?? ''} failed: ${tail || error.message}`,
                            options.logFile,
                        ),
                    );
                    return;
                }
                resolve(stdout);
            },
        );
    });
}
