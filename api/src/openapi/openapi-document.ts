import type { RouteSpec } from '../routes/route-definition';
import { jobSchema, problemSchema } from '../routes/service-specs';
import { PROBLEM_MEDIA_TYPE } from '../problems/problem';
import { type JsonSchema, jsonSchemaOf, parametersOf } from './json-schema';

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const JOB_REF = { $ref: '#/components/schemas/Job' };

/** The statuses every authenticated operation may answer with a problem. */
const COMMON_PROBLEMS: Record<string, string> = {
    '400': 'The request breaks its schema (INVALID_ARGUMENT, with each field)',
    '401': 'No valid API key (UNAUTHENTICATED)',
    '403': "The client's identity may not do this (NOT_AUTHORIZED)",
    '404': 'Not found (NOT_FOUND)',
    default: 'A problem with its code',
};

/** What the document says of the service. */
export interface DocumentInfo {
    title: string;
    version: string;
    description: string;
}

/**
 * The OpenAPI 3.0 document of the service, generated from the routes' specs: every parameter,
 * body and response schema is converted from the zod schema the route parses with (the
 * protocol's own, shared with the chaincode and the client), so the document cannot drift
 * from what the service accepts.
 */
export function openApiDocument(specs: readonly RouteSpec[], info: DocumentInfo): JsonSchema {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const spec of specs) {
        paths[spec.path] ??= {};
        const item = paths[spec.path] ?? {};
        item[spec.method.toLowerCase()] = operationOf(spec);
    }
    return {
        openapi: '3.0.3',
        info,
        servers: [{ url: '/' }],
        tags: [...new Set(specs.map((spec) => spec.tag))].map((name) => ({ name })),
        paths,
        components: {
            schemas: { Problem: jsonSchemaOf(problemSchema), Job: jsonSchemaOf(jobSchema) },
            securitySchemes: {
                apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
                bearer: { type: 'http', scheme: 'bearer', description: 'The API key as a bearer token' },
            },
        },
        security: [{ apiKey: [] }, { bearer: [] }],
    };
}

function operationOf(spec: RouteSpec): JsonSchema {
    const parameters = [
        ...(spec.params === undefined ? [] : parametersOf(spec.params, 'path')),
        ...(spec.query === undefined ? [] : parametersOf(spec.query, 'query')),
        ...(spec.job === undefined
            ? []
            : [
                  {
                      name: 'Prefer',
                      in: 'header',
                      required: false,
                      schema: { type: 'string', example: 'wait=30' },
                      description:
                          'RFC 7240 `wait=<seconds>` (at most 60): answer with the outcome when it comes within that time, instead of 202 and a job',
                  },
              ]),
    ];
    const success = {
        description: spec.response.description,
        ...(spec.response.schema === undefined && spec.response.mediaType === undefined
            ? {}
            : {
                  content: {
                      [spec.response.mediaType ?? 'application/json']: {
                          schema:
                              spec.response.schema === undefined
                                  ? { type: 'string' }
                                  : jsonSchemaOf(spec.response.schema),
                      },
                  },
              }),
    };
    const problems = spec.public === true ? { default: COMMON_PROBLEMS.default } : COMMON_PROBLEMS;
    return {
        operationId: spec.operationId,
        summary: spec.summary,
        ...(spec.description === undefined ? {} : { description: spec.description }),
        tags: [spec.tag],
        ...(spec.roles === undefined ? {} : { 'x-spindle-roles': spec.roles }),
        ...(parameters.length === 0 ? {} : { parameters }),
        ...(spec.body === undefined
            ? {}
            : {
                  requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(spec.body) } } },
              }),
        responses: {
            [String(spec.response.status)]: success,
            ...(spec.job === undefined
                ? {}
                : {
                      '202': {
                          description: 'Accepted: a job to poll (Location) or follow (its events)',
                          headers: { Location: { schema: { type: 'string' }, description: 'The job' } },
                          content: { 'application/json': { schema: JOB_REF } },
                      },
                  }),
            ...Object.fromEntries(
                Object.entries(problems).map(([status, description]) => [
                    status,
                    { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: PROBLEM_REF } } },
                ]),
            ),
        },
        ...(spec.public === true ? { security: [] } : {}),
    };
}
