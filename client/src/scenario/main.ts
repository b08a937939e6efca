#!/usr/bin/env node
import { NetworkError, debugRequested, failureLines, warnIfNodeUnsupported } from '@spindle/network/client-support';

import { defaultRunDir } from '../identity/run-dir';
import { IdentityDirectory } from '../identity/identity-directory';
import { SpindleError } from '../errors/spindle-error';
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
    for (const line of failureLines(error, debugRequested())) {
        process.stderr.write(`spindle scenario: ${line}\n`);
    }
    process.exitCode = error instanceof SpindleError || error instanceof NetworkError ? 2 : 1;
});
