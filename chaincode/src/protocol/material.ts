import { z } from 'zod';
import { idSchema, mspIdSchema, textSchema, timestampSchema } from './identifiers';
import { LIMITS } from './limits';
import { PROCESS_STEPS } from './machine-types';
import { TRACE_TOKEN_CHARS_MAX } from './trace-token';

/** Forms of material along the spinning flow, in order. */
export const MATERIAL_FORMS = ['bale', 'lap', 'sliver', 'carded-yarn', 'combed-yarn', 'package'] as const;

/** A material form. */
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

/**
 * The form changes a transform may make. Drawing turns sliver into sliver; carded and combed yarn
 * are the two routes from sliver; both end in packages.
 */
export const FORM_TRANSITIONS: Readonly<Record<MaterialForm, readonly MaterialForm[]>> = {
    bale: ['lap'],
    lap: ['sliver'],
    sliver: ['sliver', 'carded-yarn', 'combed-yarn'],
    'carded-yarn': ['package'],
    'combed-yarn': ['package'],
    package: [],
};

const gramsSchema = z.number().int().min(1).max(LIMITS.quantityGramsMax);

/** The argument of `MaterialLedger:createLot`: a bale entering a mill. */
export const lotCreationSchema = z
    .object({
        lotId: idSchema,
        quantityGrams: gramsSchema,
        origin: textSchema,
        grade: textSchema,
    })
    .strict();

/** A bale to create. */
export type LotCreation = z.infer<typeof lotCreationSchema>;

/** A lot of the material blockchain. `remainingGrams` falls as transforms consume it. */
export const lotRecordSchema = z
    .object({
        lotId: idSchema,
        form: z.enum(MATERIAL_FORMS),
        quantityGrams: gramsSchema,
        remainingGrams: z.number().int().min(0).max(LIMITS.quantityGramsMax),
        ownerMspId: mspIdSchema,
        origin: textSchema.optional(),
        grade: textSchema.optional(),
        producedBy: idSchema.optional(),
        machineId: idSchema.optional(),
        status: z.enum(['AVAILABLE', 'CONSUMED']),
        createdAt: timestampSchema,
        updatedAt: timestampSchema,
    })
    .strict();

/** A lot. */
export type LotRecord = z.infer<typeof lotRecordSchema>;

const qualityKey = z.string().regex(/^[a-z][a-zA-Z0-9-]{0,31}$/, 'must be a short camelCase or kebab-case name');

/** The argument of `MaterialLedger:transform`. */
export const transformCommandSchema = z
    .object({
        transformId: idSchema,
        machineId: idSchema,
        processStep: z.enum(PROCESS_STEPS),
        inputs: z
            .array(z.object({ lotId: idSchema, quantityGrams: gramsSchema }).strict())
            .min(1)
            .max(LIMITS.transformLotsMax),
        outputs: z
            .array(z.object({ lotId: idSchema, form: z.enum(MATERIAL_FORMS), quantityGrams: gramsSchema }).strict())
            .min(1)
            .max(LIMITS.transformLotsMax),
        tolerancePermille: z.number().int().min(0).max(LIMITS.tolerancePermilleMax),
        quality: z
            .record(qualityKey, z.union([z.number().finite(), z.string().max(64)]))
            .refine((quality) => Object.keys(quality).length <= LIMITS.qualityEntriesMax, {
                message: `at most ${LIMITS.qualityEntriesMax} quality entries`,
            }),
    })
    .strict();

/** A transform command. */
export type TransformCommand = z.infer<typeof transformCommandSchema>;

/** A recorded transform. */
export const transformRecordSchema = transformCommandSchema
    .extend({ ownerMspId: mspIdSchema, recordedAt: timestampSchema, transactionId: z.string() })
    .strict();

/** A recorded transform. */
export type TransformRecord = z.infer<typeof transformRecordSchema>;

/**
 * An edge of the genealogy: lot `from` went into lot `to` by `transformId`. How much of each
 * input a transform consumed is in the transform record.
 */
export const genealogyEdgeSchema = z.object({ from: idSchema, to: idSchema, transformId: idSchema }).strict();

/** A genealogy edge. */
export type GenealogyEdge = z.infer<typeof genealogyEdgeSchema>;

/** The argument of `MaterialLedger:traceLot`. */
export const traceQuerySchema = z
    .object({
        lotId: idSchema,
        direction: z.enum(['upstream', 'downstream']),
        maxDepth: z.number().int().min(1).max(LIMITS.traceDepthMax).default(LIMITS.traceDepthDefault),
        pageSize: z.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
        /** Empty for the first page, else the continuation token the previous page returned. */
        bookmark: z.string().max(TRACE_TOKEN_CHARS_MAX).default(''),
    })
    .strict();

/** A trace query. */
export type TraceQuery = z.infer<typeof traceQuerySchema>;

/**
 * A page of a lot's genealogy as a graph a UI can draw: lots in depth-first order with their
 * depth from the root, and the edges that lead from each lot of the page one level further;
 * `bookmark` is the continuation token of the next page, empty on the last. A lot several paths
 * reach is listed once a page, and may be listed again on a later page: merge pages by lot ID.
 */
export const genealogyGraphSchema = z
    .object({
        root: idSchema,
        direction: z.enum(['upstream', 'downstream']),
        nodes: z.array(
            z
                .object({
                    lotId: idSchema,
                    form: z.enum(MATERIAL_FORMS),
                    quantityGrams: gramsSchema,
                    depth: z.number().int().min(0),
                })
                .strict(),
        ),
        edges: z.array(genealogyEdgeSchema),
        bookmark: z.string(),
    })
    .strict();

/** A genealogy page. */
export type GenealogyGraph = z.infer<typeof genealogyGraphSchema>;
