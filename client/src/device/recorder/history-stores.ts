import { type HistoryStore, openHistoryStore } from '../history';

/**
 * Opens the history store of each machine, in `folderOf(machineId)`, all or none: when one
 * cannot be opened, those already open are closed again. Resolves with the stores by machine.
 *
 * @throws HistoryError HISTORY_LOCKED (another agent holds one), HISTORY_MACHINE_MISMATCH,
 *   HISTORY_CORRUPT, INVALID_ARGUMENT.
 */
export async function openHistoryStores(
    machineIds: readonly string[],
    folderOf: (machineId: string) => string,
    sync = true,
): Promise<Map<string, HistoryStore>> {
    const stores = new Map<string, HistoryStore>();
    try {
        for (const machineId of machineIds) {
            stores.set(machineId, await openHistoryStore({ folder: folderOf(machineId), machineId, sync }));
        }
        return stores;
    } catch (error) {
        await closeHistoryStores(stores);
        throw error;
    }
}

/** Closes every store after its writes under way; a store that fails to close does not keep the others open. */
export async function closeHistoryStores(stores: ReadonlyMap<string, HistoryStore>): Promise<void> {
    await Promise.allSettled([...stores.values()].map((store) => store.close()));
}
