import { PACKET_TYPES } from '@spindle/chaincode/protocol';
import { Command } from 'commander';

import { eciesCipher } from '../packets/ecies-cipher';
import { type QueryStep, runQuery } from '../query/query-flow';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';
import { queryQuestion } from '../query/query-question';
import { queryResultFailure, queryResultLines, queryResultOf } from '../query/query-result';
import { stepTimeText } from '../query/step-time-text';

/**
 * `spindle query <from> <to> <question...>`: the whole 9-step query flow as machine `<from>`,
 * printing each step with the time it is known: steps 5 to 7 by the responder's signed reply and
 * its transaction, step 8 by the block whose event brings the answer. The question is typed
 * (`status`, `readings --vars cv --since 1h --every 1h`, `lot-quality <lotId>`,
 * `messages --type download --since 1d`) or free text. The answer prints as a table, then the
 * step-9 check of its proofs; an agent's error answer exits with its code's status. `<to>`'s
 * device agent must be running to answer.
 *
 * @throws SpindleError INVALID_ARGUMENT for a bad question or timeout, before anything is sent;
 *   the code of an agent's error answer, or of proofs that do not hold, after the answer printed.
 */
export function queryCommand(): Command {
    return (
        new Command('query')
            .description('ask another machine through the 9-step query flow (its device agent answers)')
            .argument('<from>', 'the asking machine')
            .argument('<to>', 'the machine asked')
            .argument(
                '<question...>',
                'status | readings --vars <a,b> (--since <8h> | --from <ISO> [--to <ISO>]) [--every <1h>] | ' +
                    `lot-quality <lotId> | messages [--type <${PACKET_TYPES.join('|')}>] (--since <1d> | --from <ISO> [--to <ISO>]); ` +
                    'other words are sent as free text',
            )
            .option('--timeout <seconds>', 'how long to wait for the answer', '60')
            // The question's own options (--vars, --since, ...) stay among its words; commander still
            // takes --timeout and the global options (--json, --as, ...) wherever they stand.
            .allowUnknownOption()
            .action(
                async (from: string, to: string, words: string[], options: { timeout: string }, command: Command) => {
                    const cli = CliContext.of(command);
                    // Parsed before any identity is opened: a bad question sends nothing.
                    const question = queryQuestion(words, new Date());
                    const timeoutMs = timeoutOption(options.timeout);
                    const requester = await cli.identities.machine(from);
                    try {
                        const outcome = await runQuery({
                            requester,
                            responderId: to,
                            question: Buffer.from(JSON.stringify(question), 'utf8'),
                            cipher: eciesCipher,
                            chaincode: requester.session.options.chaincode,
                            timeoutMs,
                            onStep: (step) => {
                                if (!cli.options.json) {
                                    cli.progress(formatStep(step));
                                }
                            },
                        });
                        const result = queryResultOf(question, outcome);
                        cli.result(result, () => queryResultLines(result).join('\n'));
                        const failure = queryResultFailure(result);
                        if (failure) {
                            throw failure;
                        }
                    } finally {
                        requester.close();
                    }
                },
            )
    );
}

function timeoutOption(text: string): number {
    if (!/^\d{1,4}$/.test(text) || Number(text) < 1) {
        throw new SpindleError('INVALID_ARGUMENT', `--timeout must be whole seconds from 1 to 9999, not ${text}`);
    }
    return Number(text) * 1000;
}

/**
 * One step as a line: `[step 8] ok     reply delivered ...: committed in block 41 ... (+412 ms)`;
 * a time read from the responder's signed reply or transaction says so: `(+388 ms, responder's clock)`.
 */
export function formatStep(step: QueryStep): string {
    return `[step ${step.step}] ${step.outcome.padEnd(6)} ${step.title}: ${step.detail} (${stepTimeText(step)})`;
}
