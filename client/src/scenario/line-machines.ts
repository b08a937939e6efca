import type { IdentityDirectory } from '../identity/identity-directory';
import { processStepOf } from '@spindle/chaincode/protocol';
import { manifestMachines } from '../identity/machine-descriptions';
import { MachineRegistryClient } from '../contracts/machine-registry-client';
import { ensureMachineActive } from '../identity/machine-provisioning';
import { SpindleError } from '../errors/spindle-error';

/** A machine of the spinning line as the scenario left it. */
export interface LineMachine {
    machineId: string;
    machineType: string;
    mill: string;
    status: string;
    /** What the scenario did: registered and approved now, or found ready. */
    action: string;
    replacedBy?: string | undefined;
}

/**
 * Brings every machine of the manifest to ACTIVE, in the order of the spinning line (blow room,
 * carding, drawing, lap forming, combing): registered by itself with its encryption key,
 * approved by its mill's admin. A machine already ACTIVE, or RETIRED by an earlier run's
 * replacement, counts as done.
 */
export async function readyLine(identities: IdentityDirectory, note: (line: string) => void): Promise<LineMachine[]> {
    const line: LineMachine[] = [];
    for (const entry of manifestMachines()) {
        const hadKey = await identities.hasEncryptionKey(entry.machineId);
        const keys = await identities.encryptionKeys(entry.machineId);
        const machine = await identities.machine(entry.machineId);
        const admin = await identities.open(await identities.adminOf(entry.machineId));
        try {
            const before = await machine.registry.get(entry.machineId).catch(() => undefined);
            if (before?.status === 'RETIRED') {
                line.push({
                    machineId: entry.machineId,
                    machineType: entry.machineType,
                    mill: entry.mill,
                    status: before.status,
                    action: 'retired by an earlier run',
                    ...(before.replacedBy === undefined ? {} : { replacedBy: before.replacedBy }),
                });
                note(`${entry.machineId}: RETIRED${before.replacedBy ? `, replaced by ${before.replacedBy}` : ''}`);
                continue;
            }
            const record = await ensureMachineActive(
                machine,
                new MachineRegistryClient(admin),
                {
                    machineId: entry.machineId,
                    ownerMspId: entry.mspId,
                    machineType: entry.machineType,
                    processStep: processStepOf(entry.machineType),
                    line: 'line-1',
                    vendor: VENDORS[entry.machineType] ?? 'Spindle Test Works',
                    serialNumber: `sn-${entry.machineId}`,
                },
                keys.publicKeyPem,
            );
            const action =
                before === undefined
                    ? 'registered and approved'
                    : before.status !== record.status
                      ? `${before.status} -> ${record.status}`
                      : hadKey
                        ? `already ${record.status}`
                        : `${record.status}, new encryption key registered`;
            line.push({
                machineId: entry.machineId,
                machineType: entry.machineType,
                mill: entry.mill,
                status: record.status,
                action,
            });
            note(`${entry.machineId} (${entry.machineType}, ${entry.mill}): ${action}`);
        } catch (error) {
            throw error instanceof SpindleError
                ? new SpindleError(error.code, `${entry.machineId}: ${error.message}`, error.transactionId, {
                      cause: error,
                  })
                : error;
        } finally {
            machine.close();
            admin.close();
        }
    }
    return line;
}

const VENDORS: Partial<Record<string, string>> = {
    'blow-room': 'Trützschler',
    carding: 'Rieter',
    drawing: 'Rieter',
    'lap-former': 'Lakshmi',
    comber: 'Rieter',
};
