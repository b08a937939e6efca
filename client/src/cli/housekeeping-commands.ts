import { Command } from 'commander';
import { destination, pino } from 'pino';
import { LIMITS } from '@spindle/chaincode/protocol';

import { pruneUntilDone, prune } from '../housekeeping/housekeeping';
import { runHousekeepingJob } from '../housekeeping/housekeeping-job';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';
import { parseDuration } from '../text/duration';
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
    housekeeping
        .command('run')
        .description(
            "a mill's housekeeping job: prune until done every --every, in the foreground until SIGINT or SIGTERM, logging JSON lines; a failed turn is logged with its code and the next turn tries again",
        )
        .requiredOption('--every <duration>', 'from one turn to the next, e.g. 5m (the README suggests 1m to 10m)')
        .option('--max-keys <n>', `keys one transaction deletes at most (1 to ${LIMITS.pruneKeysMax})`)
        .option('--turns <n>', 'stop after this many turns (default: until stopped)')
        .action(async (options: { every: string; maxKeys?: string; turns?: string }, command: Command) => {
            const cli = CliContext.of(command);
            const everyMs = parseDuration(options.every, '--every') * 1000;
            const maxKeys = options.maxKeys === undefined ? undefined : parseMaxKeys(options.maxKeys);
            const turns = options.turns === undefined ? undefined : parseTurns(options.turns);
            const logger = pino({ name: 'spindle-housekeeping' }, destination({ dest: 1, sync: true }));
            const stopping = new AbortController();
            const stop = () => {
                stopping.abort();
            };
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
            try {
                await withSession(cli, cli.actor('milla-operator'), async (session) => {
                    logger.info({ everyMs, maxKeys, mspId: session.options.mspId }, 'housekeeping job started');
                    const summary = await runHousekeepingJob({
                        turn: () => pruneUntilDone(session, maxKeys === undefined ? {} : { maxKeys }),
                        everyMs,
                        signal: stopping.signal,
                        ...(turns === undefined ? {} : { turns }),
                        log: (entry) => {
                            if (entry.event === 'pruned') {
                                logger.info(entry, 'prune turn done');
                            } else {
                                logger.warn(entry, `prune turn failed with ${entry.code}; next turn tries again`);
                            }
                        },
                    });
                    logger.info(summary, 'housekeeping job stopped');
                });
            } finally {
                process.off('SIGINT', stop);
                process.off('SIGTERM', stop);
            }
        });
    return housekeeping;
}

function parseTurns(text: string): number {
    if (!/^[1-9][0-9]{0,8}$/.test(text)) {
        throw new SpindleError('INVALID_ARGUMENT', '--turns must be a whole number from 1');
    }
    return Number(text);
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
