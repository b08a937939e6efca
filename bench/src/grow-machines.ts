import type { MachineRegistration, MachineType } from '@spindle/chaincode/protocol';
import type { MachineRegistryClient } from '@spindle/client';

import type { BenchContext } from './bench-context';
import { type LoadResult, runLoad } from './harness';
import { type MachineCredentials, enrollRegisterPool, machineRegister } from './workloads/machine-register';

/** Machines enrolled, registered and approved together, with a progress line after each batch. */
const BATCH = 100;
const REGISTER_IN_FLIGHT = 64;
const APPROVE_IN_FLIGHT = 32;
/** Growth stops at the count, never at a clock. */
const NO_DEADLINE_MS = 60 * 60_000;

/** Each mill's admin, by the mill's MSP ID: who approves that mill's machines. */
export type MillAdmins = ReadonlyMap<string, MachineRegistryClient>;

/** Where new machines' IDs start, and what to print after each batch. */
export interface GrowthOptions {
    /** The IDs are `<prefix>-<mill suffix><index>`. */
    prefix: string;
    /** The first machine's index; the mills take turns by index. */
    firstIndex: number;
    progress: (line: string) => void;
    /** The type each machine registers as, by its index; `carding` unless given. */
    machineTypeOf?: (index: number) => MachineType;
}

/** A machine the bench added: its registration and the keys to speak as it. */
export interface GrownMachine {
    registration: MachineRegistration;
    credentials: MachineCredentials;
}

/**
 * Adds `count` ACTIVE machines to the network, spread over the mills in turn, in batches of
 * 100: each enrolled at its mill's fabric-ca, registered by itself (the register workload, 64
 * in flight) and approved by its mill's admin (32 in flight). Nothing else is asked of the
 * consortium: no definition changes. Answers the machines added, with their keys.
 *
 * @throws Error GROWTH_FAILED when a registration or an approval fails.
 */
export async function growMachines(
    context: BenchContext,
    admins: MillAdmins,
    count: number,
    options: GrowthOptions,
): Promise<GrownMachine[]> {
    const grown: GrownMachine[] = [];
    for (let done = 0; done < count; done += BATCH) {
        const size = Math.min(BATCH, count - done);
        const started = Date.now();
        const pool = await enrollRegisterPool(context, size, {
            prefix: options.prefix,
            firstIndex: options.firstIndex + done,
            ...(options.machineTypeOf === undefined ? {} : { machineTypeOf: options.machineTypeOf }),
        });
        const keys = pool.candidates.map(({ registration, credentials }) => ({ registration, credentials }));
        const enrolled = Date.now();
        const machines = pool.candidates.map((candidate) => candidate.registration);
        const registered = await machineRegister({ concurrency: REGISTER_IN_FLIGHT, durationMs: NO_DEADLINE_MS }, pool);
        assertAllValid('register', registered.load, size);
        const approvedAt = Date.now();
        const approved = await runLoad(
            { concurrency: APPROVE_IN_FLIGHT, durationMs: NO_DEADLINE_MS, maxCount: machines.length },
            async (index) => {
                const machine = machines[index];
                const admin = machine && admins.get(machine.ownerMspId);
                if (machine === undefined || admin === undefined) {
                    return 'NO_ADMIN';
                }
                await admin.approve(machine.machineId);
                return 'VALID';
            },
        );
        assertAllValid('approve', approved, size);
        grown.push(...keys);
        const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
        options.progress(
            `grew ${done + size}/${count}: enrolled ${size} in ${seconds(started, enrolled)}, ` +
                `registered in ${seconds(enrolled, approvedAt)}, approved in ${seconds(approvedAt, Date.now())}`,
        );
    }
    return grown;
}

function assertAllValid(step: string, load: LoadResult, expected: number): void {
    if (load.valid !== expected) {
        const failures = Object.entries(load.failures)
            .map(([outcome, times]) => `${outcome} ${times}`)
            .join(', ');
        throw new Error(
            `GROWTH_FAILED: ${step}: ${load.valid} of ${expected} valid (${failures || 'not all issued'})` +
                (load.firstError ? `; first error: ${load.firstError}` : ''),
        );
    }
}
