import { Command } from 'commander';
import { LIMITS } from '@spindle/chaincode/protocol';

import { pruneUntilDone, prune } from '../housekeeping';
import { SpindleError } from '../spindle-error';
import { CliContext } from './cli-context';
import { withSession } from './with-session';

/**
 * `spindle housekeeping prune`: deletes nonces and rate-limit slots of buckets below the public
 * watermark, as a mill's operator (any mill's; `--as` picks another), a job any mill may run.
 */
export function housekeepingCommand(): Command {
    const housekeeping = new Command('housekeeping').description('keeping public state from growing');
    housekeeping
        .command('prune')
        .description(
            'move the replay watermark as far as the ledger allows and delete the nonces and rate-limit slots below it (a mill operator or admin)',
        )
        .option('--max-keys <n>', `keys one transaction deletes at most (1 to ${LIMITS.pruneKeysMax})`)
        .option('--until-done', 'repeat until nothing below the watermark is left')
        .action(async (options: { maxKeys?: string; untilDone?: boolean }, command: Command) => {
            const cli = CliContext.of(command);
            const maxKeys = options.maxKeys === undefined ? undefined : parseMaxKeys(options.maxKeys);
            const request = maxKeys === undefined ? {} : { maxKeys };
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const result = options.untilDone
                    ? await pruneUntilDone(session, request, (call) => {
                          cli.progress(`${call.deletedNonces + call.deletedRateSlots} key(s) deleted`);
                      })
                    : await prune(session, request);
                cli.result(result, () =>
                    [
                        `${result.deletedNonces} nonce(s) and ${result.deletedRateSlots} rate-limit slot(s) deleted`,
                        result.prunedBefore === undefined
                            ? 'watermark: none yet (no delivery old enough on the ledger)'
                            : `watermark: packets stamped before ${result.prunedBefore} are refused EXPIRED`,
                        ...(result.more ? ['more keys below the watermark are left: run it again'] : []),
                    ].join('\n'),
                );
            });
        });
    return housekeeping;
}

function parseMaxKeys(text: string): number {
    const value = Number(text);
    if (!/^[0-9]+$/.test(text) || value < 1 || value > LIMITS.pruneKeysMax) {
        throw new SpindleError(
            'INVALID_ARGUMENT',
            `--max-keys must be a whole number from 1 to ${LIMITS.pruneKeysMax}`,
        );
    }
    return value;
}
