import { Command } from 'commander';

import { CommunicationClient } from '../communication-client';
import { SpindleError } from '../spindle-error';
import { CliContext } from './cli-context';
import { withSession } from './with-session';

/** `spindle chain verify <machine>`: checks a machine's communication chain link by link. */
export function chainCommand(): Command {
    const chain = new Command('chain').description("machines' communication chains");
    chain
        .command('verify <machineId>')
        .description("verify every block of a machine's chain against its public anchor, page by page")
        .action(async (machineId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor(cli.identities.adminOf(machineId)), async (session) => {
                const verification = await new CommunicationClient(session).verifyWholeChain(machineId, (page) => {
                    if (page.ok && page.nextSeq !== undefined) {
                        cli.progress(`${machineId}: blocks ${page.fromSeq}-${page.toSeq} of ${page.length} OK`);
                    }
                });
                cli.result({ machineId, ...verification }, () =>
                    verification.ok
                        ? `${machineId}: chain OK, ${verification.length} block(s), head ${verification.headHash.slice(0, 16)}…`
                        : `${machineId}: chain BROKEN at block ${verification.brokenAt} (${verification.reason})`,
                );
                if (!verification.ok) {
                    throw new SpindleError(
                        'CHAIN_BROKEN',
                        `the chain of ${machineId} breaks at block ${verification.brokenAt}: ${verification.reason}`,
                    );
                }
            });
        });
    return chain;
}
