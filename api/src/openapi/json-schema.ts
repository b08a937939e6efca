import type { z } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';

/** A JSON Schema object as OpenAPI 3.0 embeds it. */
export type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.0 schema of a zod schema, as a request gives it: input types, before
 * transforms and defaults (a query's `pageSize` is a string the schema coerces).
 */
export function jsonSchemaOf(schema: z.ZodTypeAny): JsonSchema {
    const converted = zodToJsonSchema(schema as z.ZodType, {
        target: 'openApi3',
        $refStrategy: 'none',
        effectStrategy: 'input',
        pipeStrategy: 'input',
        base64Strategy: 'pattern:zod',
    }) as JsonSchema;
    // The document is OpenAPI's, not a standalone JSON Schema.
    delete converted.$schema;
    return converted;
}

/** The properties of an object schema, each with whether it is required: the parameters of a path or query. */
export function parametersOf(
    schema: z.ZodTypeAny,
    location: 'path' | 'query',
): { name: string; in: string; required: boolean; schema: JsonSchema; description?: string }[] {
    const json = jsonSchemaOf(schema);
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    return Object.entries(properties).map(([name, property]) => {
        const { description, ...rest } = property;
        return {
            name,
            in: location,
            required: location === 'path' || required.has(name),
            schema: rest,
            ...(typeof description === 'string' ? { description } : {}),
        };
    });
}
