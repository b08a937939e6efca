import { MACHINE_TYPES, processStepOf, type MachineRecord } from '@spindle/chaincode/protocol';
import { MachineRegistryClient, type MachineSession, SpindleError, ensureMachineActive } from '@spindle/client';

import type { BenchContext } from './bench-context';

/** A manifest machine made ACTIVE for the bench, as a session of its own. */
export interface BenchMachine {
    session: MachineSession;
    mspId: string;
    record: MachineRecord;
}

/**
 * Every machine of the manifest that can be made ACTIVE (registered, approved or reactivated,
 * with the wallet's encryption key); RETIRED machines (replaced by the scenario) are left out.
 */
export async function readyMachines(context: BenchContext): Promise<BenchMachine[]> {
    const ready: BenchMachine[] = [];
    for (const mill of context.network.consortium.mills) {
        const admin = await context.identities.open(`${mill.name.toLowerCase()}-admin`);
        try {
            for (const machine of mill.machines) {
                const machineType = MACHINE_TYPES.find((type) => type === machine.type);
                if (machineType === undefined) {
                    continue;
                }
                const keys = await context.identities.encryptionKeys(machine.id);
                const session = await context.identities.machine(machine.id);
                try {
                    const record = await ensureMachineActive(
                        session,
                        new MachineRegistryClient(admin),
                        {
                            machineId: machine.id,
                            ownerMspId: mill.mspId,
                            machineType,
                            processStep: processStepOf(machineType),
                            line: 'line-1',
                            vendor: 'Spindle Bench Works',
                            serialNumber: `sn-${machine.id}`,
                        },
                        keys.publicKeyPem,
                    );
                    ready.push({ session, mspId: mill.mspId, record });
                } catch (error) {
                    session.close();
                    if (!(error instanceof SpindleError && error.code === 'STATE_INVALID')) {
                        throw error;
                    }
                }
            }
        } finally {
            admin.close();
        }
    }
    return ready;
}

/**
 * A lookup of ready machines by ID.
 *
 * @throws Error MACHINE_MISSING (from the lookup) when the bench needs a machine that is not ACTIVE.
 */
export function machineFinder(machines: readonly BenchMachine[]): (machineId: string) => BenchMachine {
    const byId = new Map(machines.map((machine) => [machine.record.machineId, machine]));
    return (machineId) => {
        const machine = byId.get(machineId);
        if (machine === undefined) {
            throw new Error(`MACHINE_MISSING: the bench needs machine ${machineId} ACTIVE`);
        }
        return machine;
    };
}
