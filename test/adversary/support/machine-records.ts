import { type MachineRecord, machineRecordSchema, toCanonicalBytes } from '@spindle/chaincode/protocol';
import type { NetworkContext } from '@spindle/network';

import { untilEveryPeerHasCaughtUp } from '../../support/channel-height';
import { ownerMillOf } from './identities';
import type { PeerReads } from './peer-reads';
import { asMillAdmin } from './setup';

/**
 * The forged value of a machine record: the record the peers answered before the attack, with
 * another status, as if its mill's admin had changed it.
 *
 * @throws Error STATE_INVALID when the peers did not answer a machine record.
 */
export function recordWithStatus(
    reads: PeerReads,
    status: MachineRecord['status'],
    lastAction: MachineRecord['lastAction'],
): Uint8Array {
    const [first] = Object.values(reads);
    const parsed = machineRecordSchema.safeParse(JSON.parse(first?.startsWith('{') === true ? first : 'null'));
    if (!parsed.success) {
        throw new Error(`STATE_INVALID: the peers answered no machine record: ${first ?? ''}`);
    }
    return toCanonicalBytes({ ...parsed.data, status, lastAction });
}

/** The forged value of a SUSPENDED machine record made ACTIVE again. */
export function reactivatedRecord(reads: PeerReads): Uint8Array {
    return recordWithStatus(reads, 'ACTIVE', 'reactivate');
}

/**
 * Clean-up: a machine left SUSPENDED (or not) by a case is made ACTIVE again by its mill's admin,
 * and every mill's peer has that before the next case endorses anything for it.
 */
export async function restoreActive(ctx: NetworkContext, machineId: string): Promise<void> {
    await asMillAdmin(ctx, ownerMillOf(ctx, machineId), async (registry, session) => {
        const record = await registry.get(machineId);
        if (record.status === 'SUSPENDED') {
            await registry.reactivate(machineId);
        }
        await untilEveryPeerHasCaughtUp(session.network);
    });
}
