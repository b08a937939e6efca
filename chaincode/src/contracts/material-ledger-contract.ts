import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { applyTransform, createBale, found, traceGenealogy } from '../domain';
import {
    CONTRACT_NAMES,
    EVENT_NAMES,
    lotCreationSchema,
    parseArgument,
    parseId,
    toCanonicalJson,
    traceQuerySchema,
    transformCommandSchema,
    type LotRecord,
} from '../protocol';
import {
    emitEvent,
    loadLot,
    loadMachine,
    loadTransform,
    lotExists,
    lotHistory,
    readCaller,
    readNeighbours,
    saveEdges,
    saveLot,
    saveTransform,
    transactionId,
    transactionTime,
} from '../ledger';
import { SpindleContract } from './spindle-contract';

/**
 * The material blockchain: lots from bale to package, transforms at registered machines, and
 * their genealogy.
 */
@Info({ title: 'MaterialLedger', description: 'Material lots, transforms and genealogy' })
export class MaterialLedgerContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.materialLedger);
    }

    /**
     * Creates a bale owned by the caller's mill, by an operator or admin. Emits `LotCreated`.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_AUTHORIZED, CONFLICT.
     */
    @Transaction()
    @Returns('string')
    async createLot(ctx: Context, lot: string): Promise<string> {
        const command = parseArgument(lotCreationSchema, lot, 'lot');
        const bale = createBale(command, readCaller(ctx), await loadLot(ctx, command.lotId), transactionTime(ctx));
        await saveLot(ctx, bale);
        emitEvent(ctx, EVENT_NAMES.lotCreated, { lotId: bale.lotId });
        return toCanonicalJson(bale);
    }

    /**
     * Records a transform at an ACTIVE machine of the caller's mill: consumes the inputs, creates
     * the outputs, links them. Emits `MaterialTransformed`. Returns the transform record.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED,
     *   STATE_INVALID, CONFLICT, QUANTITY_EXCEEDED, CONSERVATION_VIOLATED.
     */
    @Transaction()
    @Returns('string')
    async transform(ctx: Context, transform: string): Promise<string> {
        const command = parseArgument(transformCommandSchema, transform, 'transform');
        const inputs = new Map<string, LotRecord>();
        for (const { lotId } of command.inputs) {
            const lot = await loadLot(ctx, lotId);
            if (lot !== undefined) {
                inputs.set(lotId, lot);
            }
        }
        const existingOutputs = new Set<string>();
        for (const { lotId } of command.outputs) {
            if (await lotExists(ctx, lotId)) {
                existingOutputs.add(lotId);
            }
        }
        const result = applyTransform(command, {
            machine: await loadMachine(ctx, command.machineId),
            inputs,
            existingOutputs,
            transformExists: (await loadTransform(ctx, command.transformId)) !== undefined,
            caller: readCaller(ctx),
            at: transactionTime(ctx),
            transactionId: transactionId(ctx),
        });
        const lots = [...result.consumed, ...result.produced];
        for (const lot of lots) {
            await saveLot(ctx, lot);
        }
        await saveTransform(ctx, result.record);
        await saveEdges(ctx, result.edges, new Map(lots.map((lot) => [lot.lotId, lot])));
        emitEvent(ctx, EVENT_NAMES.materialTransformed, {
            transformId: result.record.transformId,
            machineId: result.record.machineId,
        });
        return toCanonicalJson(result.record);
    }

    /**
     * One lot.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getLot(ctx: Context, lotId: string): Promise<string> {
        const lot = await loadLot(ctx, parseId(lotId, 'lotId'));
        return toCanonicalJson(found(lot, `lot ${lotId} does not exist`));
    }

    /**
     * Every change of a lot, newest first.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getLotHistory(ctx: Context, lotId: string): Promise<string> {
        const history = await lotHistory(ctx, parseId(lotId, 'lotId'));
        return toCanonicalJson(found(history.length === 0 ? undefined : history, `lot ${lotId} does not exist`));
    }

    /**
     * One transform record.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getTransform(ctx: Context, transformId: string): Promise<string> {
        const transform = await loadTransform(ctx, parseId(transformId, 'transformId'));
        return toCanonicalJson(found(transform, `transform ${transformId} does not exist`));
    }

    /**
     * A page of a lot's genealogy, upstream to bales or downstream to packages, as a graph.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async traceLot(ctx: Context, query: string): Promise<string> {
        const graph = await traceGenealogy(parseArgument(traceQuerySchema, query, 'query'), {
            lot: (lotId) => loadLot(ctx, lotId),
            neighbours: (lotId, direction) => readNeighbours(ctx, lotId, direction),
        });
        return toCanonicalJson(graph);
    }
}
