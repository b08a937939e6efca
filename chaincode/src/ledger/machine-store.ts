import type { Context } from 'fabric-contract-api';
import { found } from '../domain';
import {
    BoundedCache,
    DomainError,
    machineRecordSchema,
    type HistoryEntry,
    type MachineListQuery,
    type MachineRecord,
    type Page,
} from '../protocol';
import { requireEndorsementBy } from './endorsement';
import { readHistory } from './history';
import { readIndexPage } from './index-page';
import { INDEX_MARKER, getJsonMemo, putJson } from './json-state';
import { OBJECT_TYPES, compositeKey } from './object-types';

/**
 * Machine records parsed, by their stored text: every delivery reads its sender's and receiver's
 * records, which change rarely. A record is about 3 KB of text.
 */
const machineRecords = new BoundedCache<string, MachineRecord>(1024);

/**
 * Reads a machine record; undefined when the machine is not registered. The record must name
 * the machine of its key: a record moved under another machine's key (a forged write) is refused.
 *
 * @throws DomainError STATE_INVALID when the stored record names another machine.
 */
export async function loadMachine(ctx: Context, machineId: string): Promise<MachineRecord | undefined> {
    const key = compositeKey(ctx, OBJECT_TYPES.machine, machineId);
    const machine = await getJsonMemo(ctx, key, machineRecordSchema, machineRecords);
    if (machine !== undefined && machine.machineId !== machineId) {
        throw new DomainError('STATE_INVALID', `the record under machine ${machineId} names ${machine.machineId}`);
    }
    return machine;
}

/**
 * Reads a machine record that must exist.
 *
 * @throws DomainError NOT_FOUND when the machine is not registered.
 */
export async function requireMachine(ctx: Context, machineId: string): Promise<MachineRecord> {
    return found(await loadMachine(ctx, machineId), `machine ${machineId} is not registered`);
}

/**
 * Writes a machine record and its mill, type and status indexes. A new record is put under
 * state-based endorsement by its owning mill's peer and a majority of mills; a status change
 * moves its status index key.
 */
export async function saveMachine(
    ctx: Context,
    machine: MachineRecord,
    previous: MachineRecord | undefined,
): Promise<void> {
    const key = compositeKey(ctx, OBJECT_TYPES.machine, machine.machineId);
    await putJson(ctx, key, machine);
    if (previous === undefined) {
        await requireEndorsementBy(ctx, key, machine.ownerMspId);
        await ctx.stub.putState(
            compositeKey(ctx, OBJECT_TYPES.machineByMill, machine.ownerMspId, machine.machineId),
            INDEX_MARKER,
        );
        await ctx.stub.putState(
            compositeKey(ctx, OBJECT_TYPES.machineByType, machine.machineType, machine.machineId),
            INDEX_MARKER,
        );
    } else if (previous.status !== machine.status) {
        await ctx.stub.deleteState(compositeKey(ctx, OBJECT_TYPES.machineByStatus, previous.status, machine.machineId));
    }
    if (previous?.status !== machine.status) {
        await ctx.stub.putState(
            compositeKey(ctx, OBJECT_TYPES.machineByStatus, machine.status, machine.machineId),
            INDEX_MARKER,
        );
    }
}

const INDEXES = {
    mill: OBJECT_TYPES.machineByMill,
    type: OBJECT_TYPES.machineByType,
    status: OBJECT_TYPES.machineByStatus,
} as const;

/** One page of machines by mill, type or status, in machine ID order. Read transactions only. */
export async function listMachines(ctx: Context, query: MachineListQuery): Promise<Page<MachineRecord>> {
    const page = await readIndexPage(ctx, INDEXES[query.by], [query.value], query.pageSize, query.bookmark);
    const items: MachineRecord[] = [];
    for (const [machineId] of page.items) {
        const machine = machineId === undefined ? undefined : await loadMachine(ctx, machineId);
        if (machine !== undefined) {
            items.push(machine);
        }
    }
    return { items, bookmark: page.bookmark };
}

/** Every change of a machine record, newest first. */
export async function machineHistory(ctx: Context, machineId: string): Promise<HistoryEntry<MachineRecord>[]> {
    return readHistory(ctx, compositeKey(ctx, OBJECT_TYPES.machine, machineId), machineRecordSchema);
}
