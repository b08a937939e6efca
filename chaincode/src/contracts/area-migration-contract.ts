import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { assertMillAdmin } from '../domain';
import {
    AREA_MOVE_BYTES_MAX,
    CONTRACT_NAMES,
    DomainError,
    TRANSIENT_AREA_VALUES,
    legacyAreaMoveSchema,
    legacyAreaQuerySchema,
    parseArgument,
    parseAreaValues,
    toCanonicalJson,
    type MachineRecord,
} from '../protocol';
import {
    collectionExists,
    legacyAreaOf,
    listAreaItems,
    moveAreaItem,
    privateAreaOf,
    readCaller,
    requireMachine,
} from '../ledger';
import { SpindleContract } from './spindle-contract';

/**
 * Moves machines' private areas out of the per-machine collections of releases before 1.1 into
 * their mills' collections, once the definition carries those. A mill's admin lists a machine's
 * legacy items on the mill's own peer and moves them a page at a time; each value is checked
 * against the channel's hash of the stored one, so the chains' anchors still match afterwards.
 */
@Info({ title: 'AreaMigration', description: 'Moves private areas from per-machine to per-mill collections' })
export class AreaMigrationContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.areaMigration);
    }

    /**
     * A page of one type of item (inbox, outbox or block) still in a machine's legacy collection,
     * each with its value as stored, for an admin of the machine's mill: `{ items, bookmark }`.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED,
     *   COLLECTION_MISSING when the machine never had a collection of its own.
     */
    @Transaction(false)
    @Returns('string')
    async listLegacyArea(ctx: Context, query: string): Promise<string> {
        const parsed = parseArgument(legacyAreaQuerySchema, query, 'query');
        const machine = await requireMachine(ctx, parsed.machineId);
        assertMillAdmin(readCaller(ctx), machine.ownerMspId, `list the legacy area of ${machine.machineId}`);
        const legacy = await requireLegacyArea(ctx, machine);
        return toCanonicalJson(
            await listAreaItems(ctx, legacy, parsed.type, parsed.bookmark, parsed.pageSize, AREA_MOVE_BYTES_MAX),
        );
    }

    /**
     * Moves items of a machine's legacy collection into its mill's collection, by an admin of its
     * mill. The values travel in the transient field `values`, exactly as stored, one per item.
     * Returns `{ machineId, moved }`.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED, CONFLICT,
     *   COLLECTION_MISSING when the machine never had a collection of its own, STATE_INVALID when
     *   the definition does not carry its mill's collection yet.
     */
    @Transaction()
    @Returns('string')
    async moveLegacyArea(ctx: Context, command: string): Promise<string> {
        const parsed = parseArgument(legacyAreaMoveSchema, command, 'command');
        const machine = await requireMachine(ctx, parsed.machineId);
        assertMillAdmin(readCaller(ctx), machine.ownerMspId, `move the area of ${machine.machineId}`);
        const target = await privateAreaOf(ctx, machine.machineId);
        if (target.layout !== 'mill') {
            throw new DomainError(
                'STATE_INVALID',
                `the chaincode definition carries no collection for ${machine.ownerMspId}'s machines yet: commit one with the mill collections first`,
            );
        }
        const legacy = await requireLegacyArea(ctx, machine);
        const values = parseAreaValues(ctx.stub.getTransient().get(TRANSIENT_AREA_VALUES), parsed.items.length);
        for (const [index, item] of parsed.items.entries()) {
            await moveAreaItem(ctx, legacy, target, item, values[index] ?? '');
        }
        return toCanonicalJson({ machineId: machine.machineId, moved: parsed.items.length });
    }
}

async function requireLegacyArea(ctx: Context, machine: MachineRecord) {
    const legacy = legacyAreaOf(machine.machineId);
    if (!(await collectionExists(ctx, legacy.collection))) {
        throw new DomainError('COLLECTION_MISSING', `${machine.machineId} never had a collection of its own to move`);
    }
    return legacy;
}
