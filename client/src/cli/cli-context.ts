import { resolve } from 'node:path';
import type { Command } from 'commander';

import { IdentityDirectory } from '../identity/identity-directory';

/** The options every command accepts. */
export interface GlobalOptions {
    runDir: string;
    json: boolean;
    as?: string;
}

/** What a command needs: identities, the chosen identity, and how to write its output. */
export class CliContext {
    readonly identities: IdentityDirectory;

    constructor(readonly options: GlobalOptions) {
        this.identities = new IdentityDirectory(resolve(options.runDir));
    }

    /** The context of the command being run, from its options and its parents'. */
    static of(command: Command): CliContext {
        return new CliContext(command.optsWithGlobals<GlobalOptions>());
    }

    /** The identity the command acts as: `--as`, else the command's default. */
    async actor(fallback: string | Promise<string>): Promise<string> {
        return this.options.as ?? (await fallback);
    }

    /** Writes a result: JSON with `--json`, otherwise the human lines. */
    result(data: unknown, human: () => string): void {
        process.stdout.write(this.options.json ? `${JSON.stringify(data, undefined, 2)}\n` : `${human()}\n`);
    }

    /** A progress line for long work, on stderr so `--json` output stays parseable. */
    progress(line: string): void {
        process.stderr.write(`${line}\n`);
    }
}
