import { CONTRACT_NAMES, PROBE_TRANSACTIONS, millCollectionName, qualifiedName } from '@spindle/chaincode/protocol';
import { endorsingOrganizationsFor } from '@spindle/client';

import type { BenchContext } from '../bench-context';
import { type LoadShape, runLoad } from '../harness';
import { submitOnce } from '../recorded-submit';
import { benchValue } from './baseline-put';
import type { WorkloadResult } from './workload';

/**
 * `Probe:putPrivate` of a value the size of B's into a machine's area, in its mill's collection
 * (held by that mill only), as that mill's admin: the private-data cost against B's public write.
 * Endorsed as the collection's policy asks: its mill's peer and enough other mills' peers for a majority (the
 * owning mill alone gets every write invalidated, ENDORSEMENT_POLICY_FAILURE).
 */
export async function privatePut(
    context: BenchContext,
    shape: LoadShape,
    machineId: string,
    ownerMspId: string,
): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.putPrivate);
    const endorsers = endorsingOrganizationsFor(
        [ownerMspId],
        context.network.config.mills.map((mill) => mill.mspId),
    );
    const load = await runLoad(shape, (index) =>
        submitOnce(context.contract, transaction, {
            arguments: [machineId, `${context.runId}-p-${index}`],
            transientData: { value: Buffer.from(benchValue(index)) },
            endorsingOrganizations: endorsers,
        }),
    );
    return {
        id: 'private-put',
        title: `Probe:putPrivate (${machineId} in ${millCollectionName(ownerMspId)}, 256 B)`,
        kind: 'write',
        concurrency: shape.concurrency,
        load,
    };
}
