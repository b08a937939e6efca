import { createHash } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { FastifyRequest } from 'fastify';

import { apiKeyOf, findByKey } from '../auth/api-key';
import type { Principal } from '../auth/principal';
import type { ApiClient } from '../config/api-config';
import { ApiProblem } from '../problems/problem';

/**
 * The SHA-256 (hex) of the certificate a client presented over mutual TLS, when the TLS layer
 * verified it against the configured client CA; undefined otherwise.
 */
export function clientCertificateSha256Of(request: FastifyRequest): string | undefined {
    const socket = request.raw.socket;
    if (!(socket instanceof TLSSocket) || !socket.authorized) {
        return undefined;
    }
    const raw = socket.getPeerCertificate().raw as Buffer | undefined;
    return raw === undefined ? undefined : createHash('sha256').update(raw).digest('hex');
}

/**
 * Turns a request's API key, or its verified TLS client certificate, into the principal of its
 * client, resolving each client's identity once (a failed resolution is tried again on the next
 * request). A key and a certificate of two different clients are refused together.
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
     * @throws ApiProblem UNAUTHENTICATED when the request has neither a key nor a verified
     *   certificate that a client holds, or holds those of two clients.
     */
    async principalOf(request: FastifyRequest): Promise<Principal> {
        const client = this.clientOf(request);
        let principal = this.principals.get(client.id);
        if (principal === undefined) {
            principal = this.identify(client);
            principal.catch(() => this.principals.delete(client.id));
            this.principals.set(client.id, principal);
        }
        return principal;
    }

    private clientOf(request: FastifyRequest): ApiClient {
        const key = apiKeyOf(request.headers);
        const certificate = clientCertificateSha256Of(request);
        const byKey = key === undefined ? undefined : findByKey(this.clients, key);
        const byCertificate =
            certificate === undefined
                ? undefined
                : this.clients.find((client) => client.certificateSha256 === certificate);
        if (key !== undefined && byKey === undefined) {
            throw new ApiProblem('UNAUTHENTICATED', 'no client holds this API key');
        }
        if (byKey !== undefined && byCertificate !== undefined && byKey.id !== byCertificate.id) {
            throw new ApiProblem(
                'UNAUTHENTICATED',
                'the API key and the client certificate belong to different clients',
            );
        }
        const client = byKey ?? byCertificate;
        if (client === undefined) {
            throw new ApiProblem(
                'UNAUTHENTICATED',
                certificate === undefined
                    ? 'send an API key as X-API-Key or Authorization: Bearer, or a client certificate'
                    : 'no client holds this client certificate',
            );
        }
        return client;
    }
}
