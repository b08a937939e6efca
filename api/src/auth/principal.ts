import type { Role } from '@spindle/chaincode/protocol';

import { ApiProblem } from '../problems/problem';

/**
 * The API client a request comes from, and the one wallet identity it acts as. Role and machine
 * come from that identity's certificate, never from the request.
 */
export interface Principal {
    /** The client's name in the configuration, e.g. `mes-milla`. */
    clientId: string;
    /** The wallet label of its identity, e.g. `milla-admin` or `carding-a1`. */
    identity: string;
    mspId: string;
    role?: Role;
    /** The machine it speaks for, for a machine identity. */
    machineId?: string;
}

/**
 * Requires one of `roles`.
 *
 * @throws ApiProblem NOT_AUTHORIZED naming the roles that may.
 */
export function assertRoleOf(principal: Principal, roles: readonly Role[], action: string): void {
    if (principal.role === undefined || !roles.includes(principal.role)) {
        throw new ApiProblem(
            'NOT_AUTHORIZED',
            `only ${roles.join(' or ')} identities may ${action}; ${principal.clientId} acts as ${principal.identity} (${principal.role ?? 'no role'})`,
        );
    }
}

/**
 * The machine a machine identity speaks for, when the request names it or leaves it out: a
 * client acts only as its own identity, never as another machine.
 *
 * @throws ApiProblem NOT_AUTHORIZED for a client without a machine identity, or one naming another machine.
 */
export function ownMachineOf(principal: Principal, named?: string): string {
    const own = principal.machineId;
    if (own === undefined || principal.role !== 'machine') {
        throw new ApiProblem(
            'NOT_AUTHORIZED',
            `${principal.clientId} acts as ${principal.identity}, which is no machine identity`,
        );
    }
    if (named !== undefined && named !== own) {
        throw new ApiProblem('NOT_AUTHORIZED', `${principal.clientId} acts as machine ${own} only, not as ${named}`);
    }
    return own;
}
