import { z } from 'zod';
import manifest from '../consortium.json';
import { DomainError } from './domain-error';
import { mspIdSchema } from './identifiers';

/** One mill of the consortium: its MSP and the suffix letters of its machines' IDs. */
export interface ConsortiumMill {
    name: string;
    mspId: string;
    /** A machine of this mill is named `<anything>-<suffix><number>`, e.g. `carding-a1`. */
    machineIdSuffix: string;
}

/** The mills every mill's chaincode knows; see `consortium.json` for why it lives in the chaincode. */
export interface Consortium {
    mills: readonly ConsortiumMill[];
}

const consortiumSchema = z
    .object({
        mills: z
            .array(
                z.object({
                    name: z.string().regex(/^[A-Za-z0-9-]{1,32}$/),
                    mspId: mspIdSchema,
                    machineIdSuffix: z.string().regex(/^[a-z]{1,8}$/),
                }),
            )
            .min(1),
    })
    .refine((value) => new Set(value.mills.map((mill) => mill.mspId)).size === value.mills.length, {
        message: 'every mill needs its own MSP ID',
    })
    .refine((value) => new Set(value.mills.map((mill) => mill.machineIdSuffix)).size === value.mills.length, {
        message: 'every mill needs its own machine ID suffix',
    });

/**
 * Parses a consortium manifest.
 *
 * @throws DomainError INVALID_ARGUMENT when it is malformed.
 */
export function parseConsortium(value: unknown): Consortium {
    const parsed = consortiumSchema.safeParse(value);
    if (!parsed.success) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `consortium manifest: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        );
    }
    return { mills: parsed.data.mills };
}

/** The consortium this chaincode was built with. */
export const CONSORTIUM: Consortium = parseConsortium(manifest);

const MACHINE_SUFFIX = /-([a-z]{1,8})[0-9]{1,12}$/;

/** The mill whose namespace a machine ID is in, or undefined when it is in none. */
export function millOfMachineId(machineId: string, consortium: Consortium = CONSORTIUM): ConsortiumMill | undefined {
    const suffix = MACHINE_SUFFIX.exec(machineId)?.[1];
    return consortium.mills.find((mill) => mill.machineIdSuffix === suffix);
}

/**
 * Requires a machine ID to be in the namespace of the mill `mspId`: no mill can take another
 * mill's machine IDs, whatever attributes its own CA writes into a certificate.
 *
 * @throws DomainError NOT_AUTHORIZED when the ID is another mill's or no mill's.
 */
export function assertMachineIdOfMill(machineId: string, mspId: string, consortium: Consortium = CONSORTIUM): void {
    const owner = millOfMachineId(machineId, consortium);
    if (owner?.mspId !== mspId) {
        const where =
            owner === undefined
                ? `no mill's namespace (a machine ID ends in -<mill suffix><number>, e.g. -${consortium.mills[0]?.machineIdSuffix ?? 'a'}1)`
                : `the namespace of ${owner.name} (${owner.mspId}, IDs ending -${owner.machineIdSuffix}<number>)`;
        throw new DomainError('NOT_AUTHORIZED', `machine ID ${machineId} is in ${where}, not ${mspId}'s`);
    }
}

/** How many mills make a majority: more than half. */
export function majorityOf(consortium: Consortium = CONSORTIUM): number {
    return Math.floor(consortium.mills.length / 2) + 1;
}
