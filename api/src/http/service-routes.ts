import type { FastifyInstance } from 'fastify';

import { PROBLEM_CODES } from '../problems/problem-codes';
import { ApiProblem } from '../problems/problem';
import type { PrincipalOf, ServiceContext } from './service-context';

const READINESS_TIMEOUT_MS = 5000;

/** `/healthz`, `/readyz`, `/metrics`, `/api/v1/me` and `/api/v1/problems/:code`. */
export function registerServiceRoutes(app: FastifyInstance, context: ServiceContext, principalOf: PrincipalOf): void {
    app.get('/healthz', () => ({ status: 'ok' }));

    app.get('/readyz', async () => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<never>((_resolve, reject) => {
            timer = setTimeout(() => {
                reject(new ApiProblem('UNAVAILABLE', `the peer did not answer within ${READINESS_TIMEOUT_MS} ms`));
            }, READINESS_TIMEOUT_MS);
        });
        try {
            const height = await Promise.race([context.port.channelHeight(), timeout]);
            return { status: 'ready', channelHeight: height.toString() };
        } catch (error) {
            throw error instanceof ApiProblem
                ? error
                : new ApiProblem(
                      'UNAVAILABLE',
                      `the channel cannot be read: ${error instanceof Error ? error.message : String(error)}`,
                  );
        } finally {
            clearTimeout(timer);
        }
    });

    app.get('/metrics', async (_request, reply) => {
        const text = await context.metrics.registry.metrics();
        return reply.type(context.metrics.registry.contentType).send(text);
    });

    app.get('/api/v1/me', (request) => principalOf(request));

    app.get('/api/v1/problems/:code', (request) => {
        const { code } = request.params as { code: string };
        const known = PROBLEM_CODES[code];
        if (known === undefined) {
            throw new ApiProblem('NOT_FOUND', `no problem type ${code}`);
        }
        return { code, ...known };
    });
}
