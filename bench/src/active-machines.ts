import { LIMITS } from '@spindle/chaincode/protocol';
import type { MachineRegistryClient } from '@spindle/client';

/** How many machines are ACTIVE on the ledger, every mill's, read page by page. */
export async function countActiveMachines(registry: MachineRegistryClient): Promise<number> {
    let count = 0;
    let bookmark = '';
    do {
        const page = await registry.list({ by: 'status', value: 'ACTIVE', pageSize: LIMITS.pageSizeMax, bookmark });
        count += page.items.length;
        bookmark = page.bookmark;
    } while (bookmark !== '');
    return count;
}
