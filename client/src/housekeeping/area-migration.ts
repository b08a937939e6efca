import {
    AREA_ITEM_TYPES,
    AREA_MIGRATION_TRANSACTIONS as TX,
    AREA_MOVE_ITEMS_MAX,
    CONTRACT_NAMES,
    TRANSIENT_AREA_VALUES,
    legacyAreaMovedSchema,
    legacyAreaPageSchema,
    qualifiedName,
} from '@spindle/chaincode/protocol';

import { parseResult } from '../session/parse-result';
import type { SpindleGateway } from '../session/spindle-gateway';

const name = (transaction: string) => qualifiedName(CONTRACT_NAMES.areaMigration, transaction);

/**
 * Moves one machine's private area (inbox, outbox, chain blocks) out of its per-machine
 * collection of releases before 1.1 into its mill's collection, a page at a time, as an admin of
 * its mill (`session`). Each page is read from the mill's own peer and sent back as read, so the
 * chaincode can check it against the channel's hashes; the mill and enough others for a majority
 * endorse, and see nothing but the ciphertext packets the area already held. Safe to run again:
 * what was moved is gone from the old collection. Returns how many items it moved.
 *
 * @throws SpindleError with the chaincode's code: COLLECTION_MISSING for a machine that never had
 *   a collection of its own, STATE_INVALID when the definition has no mill collections yet.
 */
export async function moveLegacyArea(
    session: SpindleGateway,
    machineId: string,
    onMoved: (count: number) => void = () => undefined,
): Promise<number> {
    let moved = 0;
    for (const type of AREA_ITEM_TYPES) {
        for (;;) {
            // Always the first page: the items of the page before are no longer there.
            const page = parseResult(
                legacyAreaPageSchema,
                await session.evaluate(name(TX.listLegacyArea), [
                    JSON.stringify({ machineId, type, pageSize: AREA_MOVE_ITEMS_MAX }),
                ]),
            );
            if (page.items.length === 0) {
                break;
            }
            const committed = await session.submit(name(TX.moveLegacyArea), {
                args: [
                    JSON.stringify({ machineId, items: page.items.map(({ type: kind, id }) => ({ type: kind, id })) }),
                ],
                transient: {
                    [TRANSIENT_AREA_VALUES]: Buffer.from(JSON.stringify(page.items.map((item) => item.value))),
                },
                endorsingOrganizations: await session.endorsersForMachines([machineId]),
            });
            const result = parseResult(legacyAreaMovedSchema, committed.result);
            moved += result.moved;
            onMoved(result.moved);
        }
    }
    return moved;
}
