import SwaggerParser from '@apidevtools/swagger-parser';
import { expect } from 'chai';

import { API_ROUTES, PROBLEM_CODES, problemOf, serviceDocument } from '@spindle/api';
import { ERROR_CODES, MACHINE_TYPES } from '@spindle/chaincode/protocol';
import { EXIT_CODES, SpindleError } from '@spindle/client';

interface Operation {
    responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
}

describe('OpenAPI document and problem codes', function () {
    it('validates as OpenAPI 3', async function () {
        const document = serviceDocument();
        await SwaggerParser.validate(structuredClone(document) as never);
        expect(document.openapi).to.equal('3.0.3');
    });

    it('describes every operation the service routes', function () {
        const paths = serviceDocument().paths as Record<string, Record<string, { operationId: string }>>;
        for (const { spec } of API_ROUTES) {
            expect(paths[spec.path]?.[spec.method.toLowerCase()]?.operationId, spec.path).to.equal(spec.operationId);
        }
    });

    it("takes its schemas from the protocol's zod schemas", function () {
        const paths = serviceDocument().paths as Record<string, Record<string, Operation>>;
        const machine =
            paths['/api/v1/machines/{machineId}']?.get?.responses['200']?.content?.['application/json']?.schema;
        expect(machine?.properties?.machineType).to.deep.equal({ type: 'string', enum: [...MACHINE_TYPES] });
    });

    it('knows the status of every code of the chaincode and the CLI', function () {
        for (const code of [...ERROR_CODES, ...Object.keys(EXIT_CODES)].filter((code) => code !== 'CHAIN_BROKEN')) {
            expect(PROBLEM_CODES[code], code).not.to.equal(undefined);
        }
        expect(problemOf(new SpindleError('RECEIVER_UNKNOWN', 'machine x is not registered'))).to.include({
            status: 422,
            detail: 'machine x is not registered',
        });
    });
});
