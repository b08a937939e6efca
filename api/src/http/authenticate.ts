import type { FastifyRequest } from 'fastify';

import { apiKeyOf, findByKey } from '../auth/api-key';
import type { Principal } from '../auth/principal';
import type { ApiClient } from '../config/api-config';
import { ApiProblem } from '../problems/problem';

/**
 * Turns a request's API key into the principal of its client, resolving each client's identity
 * once (a failed resolution is tried again on the next request).
 */
export class Authenticator {
    private readonly principals = new Map<string, Promise<Principal>>();

    constructor(
        private readonly clients: readonly ApiClient[],
        private readonly identify: (client: ApiClient) => Promise<Principal>,
    ) {}

    /**
     * The principal of the request's client.
     *
     * @throws ApiProblem UNAUTHENTICATED when the request has no key or one no client holds.
     */
    async principalOf(request: FastifyRequest): Promise<Principal> {
        const key = apiKeyOf(request.headers);
        if (key === undefined) {
            throw new ApiProblem('UNAUTHENTICATED', 'send an API key as X-API-Key or Authorization: Bearer');
        }
        const client = findByKey(this.clients, key);
        if (client === undefined) {
            throw new ApiProblem('UNAUTHENTICATED', 'no client holds this API key');
        }
        let principal = this.principals.get(client.id);
        if (principal === undefined) {
            principal = this.identify(client);
            principal.catch(() => this.principals.delete(client.id));
            this.principals.set(client.id, principal);
        }
        return principal;
    }
}
