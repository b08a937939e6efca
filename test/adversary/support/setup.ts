import {
    MachineRegistryClient,
    type MachineDescription,
    type SpindleGateway,
    localIdentity,
    openLocalSession,
} from '@spindle/client';
import type { MachineRecord } from '@spindle/chaincode/protocol';
import { type NetworkContext, loadContext } from '@spindle/network';

import { type ReadyMachine, readyMachine } from '../../support/machines';
import { ownerMillOf } from './identities';

/**
 * Set-up and clean-up through Spindle's own client: the legitimate state an attack starts
 * from. The attacks themselves never come here.
 */

let context: NetworkContext | undefined;

/**
 * The network every adversary case runs against (SPINDLE_PORT_OFFSET and SPINDLE_RUN_DIR as the
 * root hook reads them), loadable when mocha collects the cases, before the root hook runs.
 */
export function adversaryContext(): NetworkContext {
    context ??= loadContext();
    return context;
}

/** A manifest machine's registration details: the type is the ID's stem, the line its mill's. */
export function describeMachine(ctx: NetworkContext, machineId: string): MachineDescription {
    const mill = ownerMillOf(ctx, machineId);
    const type = machineId.replace(/-[a-z][0-9]+$/, '');
    const step: Record<string, MachineDescription['processStep']> = {
        'blow-room': 'opening',
        carding: 'carding',
        drawing: 'drawing',
        'lap-former': 'lap-forming',
        comber: 'combing',
        winder: 'winding',
    };
    return {
        machineId,
        ownerMspId: `${mill}MSP`,
        machineType: type as MachineDescription['machineType'],
        line: `line-${mill.slice(-1).toLowerCase()}1`,
        processStep: step[type] ?? 'carding',
        vendor: 'Rieter',
        serialNumber: `ADV-${machineId}`,
    };
}

/** Makes a manifest machine ACTIVE with a fresh encryption key, as the integration suites do. */
export function activeMachine(ctx: NetworkContext, machineId: string): Promise<ReadyMachine> {
    return readyMachine(machineId, describeMachine(ctx, machineId));
}

/** Runs `action` with the machine registry client of a mill's admin. */
export async function asMillAdmin<T>(
    ctx: NetworkContext,
    millName: string,
    action: (registry: MachineRegistryClient, session: SpindleGateway) => Promise<T>,
): Promise<T> {
    const session = openLocalSession(localIdentity(ctx.paths.runDir, `${millName.toLowerCase()}-admin`));
    try {
        return await action(new MachineRegistryClient(session), session);
    } finally {
        session.close();
    }
}

/** Brings a manifest machine to SUSPENDED legitimately: ACTIVE first, then suspended by its mill's admin. */
export async function suspendedMachine(ctx: NetworkContext, machineId: string): Promise<MachineRecord> {
    const { machine } = await activeMachine(ctx, machineId);
    machine.close();
    return asMillAdmin(ctx, ownerMillOf(ctx, machineId), (registry) => registry.suspend(machineId));
}
