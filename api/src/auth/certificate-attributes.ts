import { X509Certificate } from '@peculiar/x509';
import { MACHINE_ATTRIBUTE, ROLES, ROLE_ATTRIBUTE, type Role } from '@spindle/chaincode/protocol';
import { SpindleError } from '@spindle/client';
import { z } from 'zod';

/** The extension fabric-ca writes attributes into, as JSON `{"attrs":{...}}`. */
const FABRIC_ATTRIBUTES_OID = '1.2.3.4.5.6.7.8.1';

const attributesSchema = z.object({ attrs: z.record(z.string()) });

/** What an enrollment certificate says its holder may do in Spindle. */
export interface SpindleAttributes {
    /** `spindle.role`; undefined when the certificate carries none (the chaincode then refuses role-checked calls). */
    role?: Role;
    /** `spindle.machine`, for a machine identity. */
    machineId?: string;
}

/**
 * Reads `spindle.role` and `spindle.machine` from a fabric-ca enrollment certificate: the same
 * attributes the chaincode checks, so the API never grants a role the certificate lacks.
 *
 * @throws SpindleError WALLET_INVALID when the certificate does not parse or its attributes are not JSON.
 */
export function spindleAttributesOf(certificatePem: string): SpindleAttributes {
    let extension: ArrayBuffer | undefined;
    try {
        extension = new X509Certificate(certificatePem).getExtension(FABRIC_ATTRIBUTES_OID)?.value;
    } catch (error) {
        throw new SpindleError('WALLET_INVALID', 'an identity certificate does not parse', undefined, { cause: error });
    }
    if (extension === undefined) {
        return {};
    }
    let parsed: z.infer<typeof attributesSchema>;
    try {
        parsed = attributesSchema.parse(JSON.parse(Buffer.from(extension).toString('utf8')));
    } catch (error) {
        throw new SpindleError('WALLET_INVALID', 'the attributes of an identity certificate are not JSON', undefined, {
            cause: error,
        });
    }
    const role = parsed.attrs[ROLE_ATTRIBUTE];
    const machineId = parsed.attrs[MACHINE_ATTRIBUTE];
    return {
        ...(role !== undefined && (ROLES as readonly string[]).includes(role) ? { role: role as Role } : {}),
        ...(machineId === undefined || machineId === '' ? {} : { machineId }),
    };
}
