#!/usr/bin/env node
import { NetworkError, warnIfNodeUnsupported } from '@spindle/network';

import { defaultRunDir } from '../cli/cli-context';
import { IdentityDirectory } from '../cli/identity-directory';
import { SpindleError } from '../spindle-error';
import { scenarioReport } from './report';
import { runScenario } from './run-scenario';

async function main(): Promise<void> {
    warnIfNodeUnsupported('spindle scenario');
    const identities = new IdentityDirectory(defaultRunDir());
    const result = await runScenario(identities, (line) => {
        process.stderr.write(`${line}\n`);
    });
    process.stdout.write(`${scenarioReport(result).join('\n')}\n`);
}

main().catch((error: unknown) => {
    if (error instanceof SpindleError || error instanceof NetworkError) {
        process.stderr.write(`spindle scenario: ${error.message}\n`);
        process.exitCode = 2;
        return;
    }
    process.stderr.write(
        `spindle scenario failed\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
});
