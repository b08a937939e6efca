import { z } from 'zod';
import {
    CONTRACT_NAMES,
    MATERIAL_LEDGER_TRANSACTIONS as TX,
    type GenealogyGraph,
    type LotRecord,
    type TransformRecord,
    genealogyGraphSchema,
    historyEntrySchema,
    lotCreationSchema,
    lotRecordSchema,
    qualifiedName,
    traceQuerySchema,
    transformCommandSchema,
    transformRecordSchema,
} from '@spindle/chaincode/protocol';

import { mergeGenealogyPages } from './genealogy-pages';
import { parseInput } from '../session/parse-input';
import { parseResult } from '../session/parse-result';
import { SpindleError } from '../errors/spindle-error';
import type { SpindleGateway } from '../session/spindle-gateway';

const name = (transaction: string) => qualifiedName(CONTRACT_NAMES.materialLedger, transaction);
const lotHistorySchema = z.array(historyEntrySchema(lotRecordSchema));

/** The material blockchain, typed: lots, transformations and genealogy. */
export class MaterialLedgerClient {
    constructor(private readonly session: SpindleGateway) {}

    /** A bale entering the mill. */
    async createLot(lot: z.input<typeof lotCreationSchema>): Promise<LotRecord> {
        const input = parseInput(lotCreationSchema, lot);
        const committed = await this.session.submit(name(TX.createLot), { args: [JSON.stringify(input)] });
        return parseResult(lotRecordSchema, committed.result);
    }

    /** Inputs to outputs at an ACTIVE machine of the caller's mill, with quality data. */
    async transform(command: z.input<typeof transformCommandSchema>): Promise<TransformRecord> {
        const input = parseInput(transformCommandSchema, command);
        const committed = await this.session.submit(name(TX.transform), { args: [JSON.stringify(input)] });
        return parseResult(transformRecordSchema, committed.result);
    }

    /** One lot. */
    async lot(lotId: string): Promise<LotRecord> {
        return parseResult(lotRecordSchema, await this.session.evaluate(name(TX.getLot), [lotId]));
    }

    /** Every change of a lot, newest first. */
    async lotHistory(lotId: string): Promise<z.infer<typeof lotHistorySchema>> {
        return parseResult(lotHistorySchema, await this.session.evaluate(name(TX.getLotHistory), [lotId]));
    }

    /** One transformation. */
    async transformRecord(transformId: string): Promise<TransformRecord> {
        return parseResult(transformRecordSchema, await this.session.evaluate(name(TX.getTransform), [transformId]));
    }

    /** One page of a lot's genealogy, upstream (to bales) or downstream (to packages). */
    async trace(query: z.input<typeof traceQuerySchema>): Promise<GenealogyGraph> {
        const input = parseInput(traceQuerySchema, query);
        return parseResult(
            genealogyGraphSchema,
            await this.session.evaluate(name(TX.traceLot), [JSON.stringify(input)]),
        );
    }

    /**
     * The whole genealogy in one direction, walked to the end page by page (from `bookmark`, a
     * continuation token, when given) and merged: each lot once at its least depth, each edge once.
     *
     * @throws SpindleError TRACE_TOKEN_INVALID for a token of another trace, or the chaincode's code.
     */
    async traceAll(query: z.input<typeof traceQuerySchema>): Promise<GenealogyGraph> {
        const pages = [await this.trace(query)];
        const tokens = new Set<string>();
        for (let page = pages[0]; page !== undefined && page.bookmark !== ''; page = pages[pages.length - 1]) {
            // A token handed back twice would walk the same page forever.
            if (tokens.has(page.bookmark)) {
                throw new SpindleError('TRACE_TOKEN_INVALID', `the trace of ${query.lotId} returned a token twice`);
            }
            tokens.add(page.bookmark);
            pages.push(await this.trace({ ...query, bookmark: page.bookmark }));
        }
        const merged = mergeGenealogyPages(pages);
        if (merged === undefined) {
            throw new SpindleError('NOT_FOUND', `no trace of ${query.lotId}`);
        }
        return merged;
    }
}
