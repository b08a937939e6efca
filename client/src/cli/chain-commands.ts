import { Command } from 'commander';

import { CommunicationClient } from '../contracts/communication-client';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';
import { withSession } from './with-session';

/** `spindle chain verify <machine>`: checks a machine's communication chain link by link. */
export function chainCommand(): Command {
    const chain = new Command('chain').description("machines' communication chains");
    chain
        .command('verify <machineId>')
        .description("verify a machine's chain block by block against its public anchors, page by page")
        .option('--from <seq>', 'start at this block (resume where a run stopped)', '1')
        .option('--blocks <n>', 'stop after this many blocks and print where to resume')
        .action(async (machineId: string, options: { from: string; blocks?: string }, command: Command) => {
            const cli = CliContext.of(command);
            const fromSeq = wholeNumber(options.from, '--from');
            const maxBlocks = options.blocks === undefined ? undefined : wholeNumber(options.blocks, '--blocks');
            await withSession(cli, cli.actor(cli.identities.adminOf(machineId)), async (session) => {
                const verification = await new CommunicationClient(session).verifyWholeChain(
                    machineId,
                    (page) => {
                        if (page.ok && page.nextSeq !== undefined) {
                            cli.progress(`${machineId}: blocks ${page.fromSeq}-${page.toSeq} of ${page.length} OK`);
                        }
                    },
                    { fromSeq, ...(maxBlocks === undefined ? {} : { maxBlocks }) },
                );
                cli.result({ machineId, ...verification }, () => {
                    if (!verification.ok) {
                        return `${machineId}: chain BROKEN at block ${verification.brokenAt} (${verification.reason})`;
                    }
                    const span = `blocks ${verification.fromSeq}-${verification.toSeq} of ${verification.length}`;
                    return verification.nextSeq === undefined
                        ? `${machineId}: chain OK, ${span}, head ${verification.headHash.slice(0, 16)}…`
                        : `${machineId}: ${span} OK; resume with --from ${verification.nextSeq}`;
                });
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

/** A whole number from 1, or INVALID_ARGUMENT naming the option. */
function wholeNumber(text: string, option: string): number {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `${option} must be a whole number from 1, not ${JSON.stringify(text)}`,
        );
    }
    return value;
}
