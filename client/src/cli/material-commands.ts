import { Command } from 'commander';
import { LIMITS, type GenealogyGraph } from '@spindle/chaincode/protocol';

import { readLocalFile } from '../errors/local-file';
import { MaterialLedgerClient } from '../contracts/material-ledger-client';
import { SpindleError } from '../errors/spindle-error';
import { CliContext } from './cli-context';
import { genealogyTree } from '../text/genealogy-tree';
import { withSession } from './with-session';

interface TraceOptions {
    downstream?: boolean;
    pageSize: string;
    continue?: string;
}

/** `spindle material ...`: the material blockchain. */
export function materialCommand(): Command {
    const material = new Command('material').description('bales, transforms and genealogy');

    material
        .command('create <lotId>')
        .description("a bale entering the mill (a mill's operator or admin)")
        .requiredOption('--grams <n>', 'quantity in grams')
        .option('--origin <text>', 'where the cotton comes from', 'unknown')
        .option('--grade <text>', 'cotton grade', 'ungraded')
        .action(async (lotId: string, options: { grams: string; origin: string; grade: string }, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const lot = await new MaterialLedgerClient(session).createLot({
                    lotId,
                    quantityGrams: Number(options.grams),
                    origin: options.origin,
                    grade: options.grade,
                });
                cli.result(lot, () => `bale ${lot.lotId}: ${lot.quantityGrams} g, ${lot.ownerMspId}`);
            });
        });

    material
        .command('transform <file>')
        .description('record a transform from a JSON file (or - for stdin): inputs, outputs, machine, quality')
        .action(async (file: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            const text = readLocalFile(file, 'INVALID_ARGUMENT', 'the transform', 'give a readable JSON file').toString(
                'utf8',
            );
            let body: unknown;
            try {
                body = JSON.parse(text);
            } catch {
                throw new SpindleError('INVALID_ARGUMENT', `${file} is not JSON`);
            }
            const machineId =
                typeof body === 'object' && body !== null && 'machineId' in body && typeof body.machineId === 'string'
                    ? body.machineId
                    : undefined;
            await withSession(cli, cli.actor(machineId ?? 'milla-operator'), async (session) => {
                const record = await new MaterialLedgerClient(session).transform(
                    body as Parameters<MaterialLedgerClient['transform']>[0],
                );
                cli.result(
                    record,
                    () =>
                        `transform ${record.transformId} at ${record.machineId}: ` +
                        `${record.inputs.map((lot) => lot.lotId).join(', ')} -> ${record.outputs.map((lot) => `${lot.lotId} (${lot.form})`).join(', ')}`,
                );
            });
        });

    material
        .command('show <lotId>')
        .description('one lot')
        .action(async (lotId: string, _options: unknown, command: Command) => {
            const cli = CliContext.of(command);
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const lot = await new MaterialLedgerClient(session).lot(lotId);
                cli.result(
                    lot,
                    () =>
                        `${lot.lotId}: ${lot.form}, ${lot.remainingGrams}/${lot.quantityGrams} g, ${lot.status}, ${lot.ownerMspId}` +
                        (lot.machineId === undefined ? '' : `, made at ${lot.machineId} by ${lot.producedBy ?? ''}`),
                );
            });
        });

    material
        .command('trace <lotId>')
        .description('the genealogy of a lot, upstream to its bales or downstream to its packages')
        .option('--downstream', 'trace towards packages instead of bales')
        .option(
            '--page-size <n>',
            `lots per call, 1 to ${LIMITS.pageSizeMax}; every page is walked`,
            String(LIMITS.pageSizeMax),
        )
        .option('--continue <token>', 'go on from the continuation token of an earlier page')
        .action(async (lotId: string, options: TraceOptions, command: Command) => {
            const cli = CliContext.of(command);
            const pageSize = Number(options.pageSize);
            if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > LIMITS.pageSizeMax) {
                throw new SpindleError(
                    'INVALID_ARGUMENT',
                    `--page-size must be a whole number from 1 to ${LIMITS.pageSizeMax}`,
                );
            }
            await withSession(cli, cli.actor('milla-operator'), async (session) => {
                const graph: GenealogyGraph = await new MaterialLedgerClient(session).traceAll({
                    lotId,
                    direction: options.downstream ? 'downstream' : 'upstream',
                    pageSize,
                    ...(options.continue === undefined ? {} : { bookmark: options.continue }),
                });
                cli.result(graph, () => genealogyTree(graph).join('\n'));
            });
        });

    return material;
}
