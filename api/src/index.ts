/** Spindle's REST API for MES and ERP: the fastify service, its configuration, its OpenAPI document. */
export { API_KEY_PREFIX, apiKeyOf, findByKey, hashApiKey, newApiKey } from './auth/api-key';
export { spindleAttributesOf, type SpindleAttributes } from './auth/certificate-attributes';
export { assertRoleOf, ownMachineOf, type Principal } from './auth/principal';
export {
    addApiClient,
    apiClientSchema,
    apiConfigSchema,
    loadApiConfig,
    type ApiClient,
    type ApiConfig,
} from './config/api-config';
export { ClientPort } from './fabric/client-port';
export type { ItemPage, MachineStatusAction, SpindlePort } from './fabric/spindle-port';
export { isBeforeResume, resumePointOf, type ResumePoint } from './http/chaincode-event-route';
export { formatSseEvent, preferredWaitSeconds, type SseEvent } from './http/sse';
export { JobStore, type JobEvent, type JobStatus, type JobView } from './jobs/job-store';
export { agentLags, type AgentLag } from './metrics/agent-lag';
export { ApiMetrics } from './metrics/api-metrics';
export { openApiDocument } from './openapi/openapi-document';
export { ApiProblem, PROBLEM_MEDIA_TYPE, newProblem, problemOf, type Problem } from './problems/problem';
export { PROBLEM_CODES, problemCodeOf } from './problems/problem-codes';
export { ALL_SPECS, API_ROUTES, type ApiRoute, type RouteSpec } from './routes';
export { API_VERSION, buildApiServer, serviceDocument, type ApiServerOptions } from './server';
