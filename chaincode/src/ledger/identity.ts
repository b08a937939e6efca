import type { Context } from 'fabric-contract-api';
import type { Caller } from '../domain';
import { ID_PATTERN, MACHINE_ATTRIBUTE, ROLES, ROLE_ATTRIBUTE, publicKeyFromCertificate, type Role } from '../protocol';

/**
 * Reads the transaction creator: MSP ID, the `spindle.role` and `spindle.machine` attributes of
 * its fabric-ca certificate, and the certificate and its key. Unknown role values and invalid
 * machine IDs read as absent.
 */
export function readCaller(ctx: Context): Caller {
    const identity = ctx.clientIdentity;
    const certificate = Buffer.from(identity.getIDBytes()).toString('utf8');
    const role = identity.getAttributeValue(ROLE_ATTRIBUTE);
    const machineId = identity.getAttributeValue(MACHINE_ATTRIBUTE);
    return {
        mspId: identity.getMSPID(),
        role: isRole(role) ? role : undefined,
        machineId: machineId !== null && ID_PATTERN.test(machineId) ? machineId : undefined,
        certificate,
        publicKey: publicKeyOf(certificate),
    };
}

function isRole(value: string | null): value is Role {
    return value !== null && (ROLES as readonly string[]).includes(value);
}

function publicKeyOf(certificate: string): string | undefined {
    try {
        return publicKeyFromCertificate(certificate);
    } catch {
        return undefined;
    }
}
