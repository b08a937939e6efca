import {
    CONTRACT_NAMES,
    MACHINE_REGISTRY_TRANSACTIONS,
    PROBE_TRANSACTIONS,
    qualifiedName,
} from '@spindle/chaincode/protocol';

import type { BenchContext } from '../bench-context';
import { type LoadShape, runLoad } from '../harness';
import type { WorkloadResult } from './workload';

/** `Probe:get` of keys B wrote in this run: an evaluate on the admin's own peer. */
export async function probeGet(context: BenchContext, shape: LoadShape, writtenKeys: number): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.get);
    const load = await runLoad(shape, async (index) => {
        await context.contract.evaluate(transaction, {
            arguments: [`${context.runId}-b-${index % Math.max(1, writtenKeys)}`],
        });
        return 'VALID';
    });
    return { id: 'read-probe', title: 'Probe:get (public read)', kind: 'read', concurrency: shape.concurrency, load };
}

/** `MachineRegistry:getKeys`, the key-pool lookup every packet starts with. */
export async function keyPoolLookup(
    context: BenchContext,
    shape: LoadShape,
    machineIds: readonly string[],
): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.machineRegistry, MACHINE_REGISTRY_TRANSACTIONS.getKeys);
    const load = await runLoad(shape, async (index) => {
        await context.contract.evaluate(transaction, { arguments: [machineIds[index % machineIds.length] ?? ''] });
        return 'VALID';
    });
    return {
        id: 'read-keys',
        title: 'MachineRegistry:getKeys (key pool)',
        kind: 'read',
        concurrency: shape.concurrency,
        load,
    };
}

/** `MachineRegistry:getMachine`, a machine's public record. */
export async function machineLookup(
    context: BenchContext,
    shape: LoadShape,
    machineIds: readonly string[],
): Promise<WorkloadResult> {
    const transaction = qualifiedName(CONTRACT_NAMES.machineRegistry, MACHINE_REGISTRY_TRANSACTIONS.getMachine);
    const load = await runLoad(shape, async (index) => {
        await context.contract.evaluate(transaction, { arguments: [machineIds[index % machineIds.length] ?? ''] });
        return 'VALID';
    });
    return {
        id: 'read-machine',
        title: 'MachineRegistry:getMachine',
        kind: 'read',
        concurrency: shape.concurrency,
        load,
    };
}
