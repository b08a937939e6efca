import type { ApiClient, Principal, SpindlePort } from '@spindle/api';
import { SpindleError } from '@spindle/client';

/** The principals the fake port knows, by identity label: role and machine as their certificates would say. */
export const PRINCIPALS: Readonly<Record<string, Omit<Principal, 'clientId'>>> = {
    'milla-admin': { identity: 'milla-admin', mspId: 'MillAMSP', role: 'admin' },
    'milla-operator': { identity: 'milla-operator', mspId: 'MillAMSP', role: 'operator' },
    'carding-a1': { identity: 'carding-a1', mspId: 'MillAMSP', role: 'machine', machineId: 'carding-a1' },
};

/** A call the fake port received: the operation, as whom, and its arguments. */
export interface PortCall {
    operation: string;
    as: string;
    args: unknown[];
}

/**
 * A SpindlePort without Fabric: it records each call and answers with `answers[operation]`
 * (a function of the arguments), or refuses with UNEXPECTED for an operation the test did not expect.
 */
export function fakePort(answers: Partial<Record<keyof SpindlePort, (...args: unknown[]) => unknown>> = {}): {
    port: SpindlePort;
    calls: PortCall[];
} {
    const calls: PortCall[] = [];
    const port = new Proxy({} as SpindlePort, {
        get(_target, operation: string) {
            if (operation === 'identify') {
                return (client: ApiClient) => {
                    const known = PRINCIPALS[client.identity];
                    return known === undefined
                        ? Promise.reject(new SpindleError('IDENTITY_MISSING', `no identity ${client.identity}`))
                        : Promise.resolve({ clientId: client.id, ...known });
                };
            }
            if (operation === 'then') {
                return undefined;
            }
            return (as: Principal | undefined, ...args: unknown[]) => {
                calls.push({ operation, as: as?.identity ?? '', args });
                const answer = answers[operation as keyof SpindlePort];
                if (answer === undefined) {
                    return Promise.reject(new SpindleError('UNEXPECTED', `the test did not expect ${operation}`));
                }
                try {
                    return Promise.resolve(answer(as, ...args));
                } catch (error) {
                    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
                }
            };
        },
    });
    return { port, calls };
}
