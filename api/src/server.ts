import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type FastifyInstance, type FastifyRequest, type FastifyServerOptions, fastify } from 'fastify';

import type { Principal } from './auth/principal';
import type { ApiConfig } from './config/api-config';
import type { SpindlePort } from './fabric/spindle-port';
import { Authenticator } from './http/authenticate';
import { registerChaincodeEventRoute } from './http/chaincode-event-route';
import { registerJobRoutes } from './http/job-routes';
import { fastifyPath, registerOperations } from './http/operation-routes';
import { problemOfRequestError, sendProblem } from './http/problem-reply';
import type { ServiceContext } from './http/service-context';
import { registerServiceRoutes } from './http/service-routes';
import { JobStore } from './jobs/job-store';
import { ApiMetrics } from './metrics/api-metrics';
import { openApiDocument } from './openapi/openapi-document';
import { newProblem } from './problems/problem';
import { API_ROUTES, ALL_SPECS } from './routes';

/** What the service is built from. */
export interface ApiServerOptions {
    config: ApiConfig;
    port: SpindlePort;
    /** Where agents keep their checkpoints, for the agent-lag metric. */
    agentsDir: string;
    logger?: FastifyServerOptions['logger'];
    /** The most a `Prefer: wait` is honoured for, in seconds (default 60). */
    maxWaitSeconds?: number;
    /** The web console's built files (`console/dist`), served at `/`; none when absent. */
    consoleDir?: string;
    /**
     * HTTPS: the server's key pair (PEM), and the client CA whose certificates authenticate
     * clients by mutual TLS. A client without a certificate may still use a key.
     */
    https?: { key: string; cert: string; clientCa?: string };
}

/** The document's version: the API's, not the package's. */
export const API_VERSION = '1.0.0';

/** The OpenAPI document of the service. */
export function serviceDocument(): Record<string, unknown> {
    return openApiDocument(ALL_SPECS, {
        title: 'Spindle REST API',
        version: API_VERSION,
        description:
            "Spindle for a mill's MES and ERP: the Machine-Equipment Blockchain, the material ledger, messages, the 9-step query flow and chain verification, each client acting as the one wallet identity its API key maps to. Errors are RFC 9457 problem details carrying Spindle's codes.",
    });
}

/**
 * The REST service on fastify: API-key authentication before every route but the public ones,
 * the operations, jobs, event streams, problem details for every failure, the OpenAPI document
 * at `/openapi.json` and its browsable UI at `/docs`, health, readiness and metrics, and the web
 * console's static files at `/` when `consoleDir` is given.
 */
export async function buildApiServer(options: ApiServerOptions): Promise<FastifyInstance> {
    const common = {
        logger: options.logger ?? false,
        bodyLimit: 256 * 1024,
        // Open event streams must not hold a closing server open.
        forceCloseConnections: true,
    };
    const { https } = options;
    const app = (https === undefined
        ? fastify(common)
        : fastify({
              ...common,
              https: {
                  key: https.key,
                  cert: https.cert,
                  ...(https.clientCa === undefined
                      ? {}
                      : // Checked here, refused by the authenticator: a client may still use a key.
                        { ca: https.clientCa, requestCert: true, rejectUnauthorized: false }),
              },
          })) as unknown as FastifyInstance;
    // Bodies are JSON only: a text body is refused as 415, not parsed as a string.
    app.removeContentTypeParser('text/plain');
    const jobs = new JobStore({ retentionMs: options.config.jobRetentionSeconds * 1000, maxJobs: 10_000 });
    const metrics = new ApiMetrics({
        agentsDir: options.agentsDir,
        channelHeight: () => options.port.channelHeight(),
        jobsRunning: () => jobs.running(),
    });
    const auth = new Authenticator(options.config.clients, (client) => options.port.identify(client));
    const context: ServiceContext = {
        port: options.port,
        jobs,
        metrics,
        maxWaitSeconds: options.maxWaitSeconds ?? 60,
    };
    const principals = new WeakMap<FastifyRequest, Principal>();
    const principalOf = (request: FastifyRequest): Principal => {
        const principal = principals.get(request);
        if (principal === undefined) {
            throw new Error('UNEXPECTED: a route that needs a client ran without one');
        }
        return principal;
    };
    const publicPaths = new Set(ALL_SPECS.filter((spec) => spec.public === true).map((spec) => fastifyPath(spec.path)));

    app.setErrorHandler((error, request, reply) => {
        const problem = problemOfRequestError(error, request.url);
        if (problem.status >= 500) {
            request.log.error({ err: error }, 'request failed');
        }
        return sendProblem(reply, problem);
    });
    app.setNotFoundHandler((request, reply) =>
        sendProblem(
            reply,
            newProblem('NOT_FOUND', `no route ${request.method} ${request.url}`, { instance: request.url }),
        ),
    );
    app.addHook('onRequest', async (request) => {
        const route = request.routeOptions.url;
        if (route?.startsWith('/api/') === true && !publicPaths.has(route)) {
            principals.set(request, await auth.principalOf(request));
        }
    });
    app.addHook('onResponse', (request, reply, done) => {
        metrics.requestSeconds.observe(
            {
                method: request.method,
                route: request.routeOptions.url ?? 'unmatched',
                status: String(reply.statusCode),
            },
            reply.elapsedTime / 1000,
        );
        done();
    });

    const document = serviceDocument();
    await app.register(swagger, { mode: 'static', specification: { document: document as never } });
    await app.register(swaggerUi, { routePrefix: '/docs' });
    app.get('/openapi.json', { schema: { hide: true } }, () => document);

    registerServiceRoutes(app, context, principalOf);
    registerJobRoutes(app, context, principalOf);
    registerChaincodeEventRoute(app, context, principalOf);
    registerOperations(app, API_ROUTES, context, principalOf);
    if (options.consoleDir !== undefined) {
        // Only the files there at start are routes: any other path stays a problem-details 404.
        await app.register(fastifyStatic, { root: options.consoleDir, prefix: '/', wildcard: false });
    }
    return app;
}
