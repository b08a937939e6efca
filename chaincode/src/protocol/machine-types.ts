import { z } from 'zod';

/**
 * Process steps of the cotton spinning flow, in order: opening (blow room opening, cleaning and
 * mixing), carding, drawing, lap forming, combing, roving, spinning, winding and packing.
 */
export const PROCESS_STEPS = [
    'opening',
    'carding',
    'drawing',
    'lap-forming',
    'combing',
    'roving',
    'spinning',
    'winding',
    'packing',
] as const;

/** A process step. */
export type ProcessStep = (typeof PROCESS_STEPS)[number];

/** Kinds of machine in a spinning mill, in the order of the spinning flow. */
export const MACHINE_TYPES = [
    'blow-room',
    'carding',
    'drawing',
    'lap-former',
    'comber',
    'roving-frame',
    'ring-frame',
    'winder',
    'packer',
] as const;

/** A machine type, in its canonical spelling. */
export type MachineType = (typeof MACHINE_TYPES)[number];

/** What the vocabulary says of one machine type: the step it serves and its other spellings. */
export interface MachineTypeEntry {
    processStep: ProcessStep;
    /** Spellings accepted for the type and stored as its canonical name. */
    aliases: readonly string[];
}

/**
 * The vocabulary of machine types: each canonical type with the process step it serves and the
 * aliases accepted for it. No alias names two types, and none is another type's canonical name.
 */
export const MACHINE_TYPE_VOCABULARY: Readonly<Record<MachineType, MachineTypeEntry>> = {
    'blow-room': { processStep: 'opening', aliases: ['blowroom', 'opening', 'bale-opener'] },
    carding: { processStep: 'carding', aliases: ['card', 'carding-machine'] },
    drawing: { processStep: 'drawing', aliases: ['draw-frame', 'drawframe', 'drawing-frame'] },
    'lap-former': { processStep: 'lap-forming', aliases: ['lap-forming', 'lap-former-machine', 'sliver-lap'] },
    comber: { processStep: 'combing', aliases: ['combing', 'combing-machine'] },
    'roving-frame': { processStep: 'roving', aliases: ['roving', 'speed-frame', 'simplex'] },
    'ring-frame': { processStep: 'spinning', aliases: ['ring-spinning', 'spinning', 'ring-spinning-frame'] },
    winder: { processStep: 'winding', aliases: ['winding', 'autoconer'] },
    packer: { processStep: 'packing', aliases: ['packing'] },
};

const SPELLINGS: ReadonlyMap<string, MachineType> = new Map(
    MACHINE_TYPES.flatMap((type) => [
        [type, type] as const,
        ...MACHINE_TYPE_VOCABULARY[type].aliases.map((alias) => [alias, type] as const),
    ]),
);

/**
 * The canonical machine type a spelling names, or undefined. Case, surrounding blanks, and
 * spaces or underscores instead of hyphens do not matter: `Roving Frame`, `roving_frame` and
 * `roving` all name `roving-frame`.
 */
export function normalizeMachineType(spelling: string): MachineType | undefined {
    return SPELLINGS.get(
        spelling
            .trim()
            .toLowerCase()
            .replace(/[\s_]+/g, '-'),
    );
}

/** The process step a machine type serves. */
export function processStepOf(type: MachineType): ProcessStep {
    return MACHINE_TYPE_VOCABULARY[type].processStep;
}

/** The sentence a refusal of an unknown machine type carries: what was given and what is accepted. */
export function unknownMachineTypeMessage(spelling: string): string {
    return `machine type "${spelling.slice(0, 64)}" is not in the vocabulary; accepted types: ${MACHINE_TYPES.join(', ')}, or an alias of one (e.g. roving for roving-frame)`;
}

/**
 * A machine type as a caller writes it: any accepted spelling, parsed to its canonical name.
 * An unknown one fails with an issue whose `params.errorCode` is `MACHINE_TYPE_UNKNOWN`, which
 * `parseValue` turns into that code.
 */
export const machineTypeSchema = z.string().transform((spelling, context): MachineType => {
    const type = normalizeMachineType(spelling);
    if (type === undefined) {
        context.addIssue({
            code: z.ZodIssueCode.custom,
            message: unknownMachineTypeMessage(spelling),
            params: { errorCode: 'MACHINE_TYPE_UNKNOWN' },
        });
        return z.NEVER;
    }
    return type;
});
