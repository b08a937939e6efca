import { Command } from 'commander';

import { eciesCipher } from '../ecies-cipher';
import { type QueryStep, runQuery } from '../query-flow';
import { CliContext } from './cli-context';

const utf8 = new TextDecoder();

/**
 * `spindle query <from> <to> <what>`: the whole 9-step query flow as machine `<from>`, printing
 * each step with the time it is known: steps 5 to 7 by the responder's signed reply and its
 * transaction, step 8 by the block whose event brings the answer. `<to>`'s device agent must be
 * running to answer.
 */
export function queryCommand(): Command {
    return new Command('query')
        .description('ask another machine through the 9-step query flow (its device agent answers)')
        .argument('<from>', 'the asking machine')
        .argument('<to>', 'the machine asked')
        .argument('<what>', 'what to ask, e.g. "status and quality"')
        .option('--timeout <seconds>', 'how long to wait for the answer', '60')
        .action(async (from: string, to: string, what: string, options: { timeout: string }, command: Command) => {
            const cli = CliContext.of(command);
            const requester = await cli.identities.machine(from);
            const steps: QueryStep[] = [];
            try {
                const outcome = await runQuery({
                    requester,
                    responderId: to,
                    question: Buffer.from(JSON.stringify({ what }), 'utf8'),
                    cipher: eciesCipher,
                    chaincode: requester.session.options.chaincode,
                    timeoutMs: Number(options.timeout) * 1000,
                    onStep: (step) => {
                        steps.push(step);
                        if (!cli.options.json) {
                            cli.progress(formatStep(step));
                        }
                    },
                });
                const answer: unknown = JSON.parse(utf8.decode(outcome.answer));
                cli.result(
                    { queryId: outcome.queryId, answer, steps, totalMs: outcome.totalMs },
                    () =>
                        `query ${outcome.queryId} answered in ${outcome.totalMs} ms:\n${JSON.stringify(answer, undefined, 2)}`,
                );
            } finally {
                requester.close();
            }
        });
}

/**
 * One step as a line: `[step 8] ok     reply delivered ...: committed in block 41 ... (+412 ms)`;
 * a time read from the responder's signed reply or transaction says so: `(+388 ms, responder's clock)`.
 */
export function formatStep(step: QueryStep): string {
    return `[step ${step.step}] ${step.outcome.padEnd(6)} ${step.title}: ${step.detail} (${stepTimeText(step)})`;
}

/** `+412 ms`, or `+388 ms, responder's clock` for a time the responder's records carry. */
export function stepTimeText(step: QueryStep): string {
    return `+${step.atMs} ms${step.clock === 'responder' ? ", responder's clock" : ''}`;
}
