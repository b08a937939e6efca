import { createPrivateKey, sign } from 'node:crypto';
import {
    certificateRenewalStatement,
    publicKeyFromCertificate,
    sha256Hex,
    type CertificateRenewal,
    type MachineRecord,
} from '@spindle/chaincode/protocol';

import { MachineRegistryClient } from '../contracts/machine-registry-client';
import type { SpindleGateway } from '../session/spindle-gateway';

/**
 * The request that moves `machineId` from its registered certificate to `newCertificatePem`.
 * With the old private key it carries the old key's signature of the renewal statement; without
 * it, the machine's mill admin must approve the new certificate first.
 */
export function certificateRenewalRequest(
    machineId: string,
    registeredCertificatePem: string,
    newCertificatePem: string,
    oldPrivateKeyPem?: string,
): CertificateRenewal {
    const replacesCertificateSha256 = sha256Hex(registeredCertificatePem);
    if (oldPrivateKeyPem === undefined) {
        return { machineId, replacesCertificateSha256 };
    }
    const statement = certificateRenewalStatement(
        machineId,
        publicKeyFromCertificate(newCertificatePem),
        replacesCertificateSha256,
    );
    const signature = sign('sha256', statement, { key: createPrivateKey(oldPrivateKeyPem), dsaEncoding: 'der' });
    return { machineId, replacesCertificateSha256, signature: signature.toString('base64') };
}

/** How a machine proves that it may move to a new certificate. */
export type RenewalAuthority =
    /** The old enrollment's private key signs the renewal statement. */
    | { oldPrivateKeyPem: string }
    /** The old key is lost: the machine's mill admin approves the new certificate first. */
    | { admin: SpindleGateway };

/**
 * Moves a machine to a new certificate on the ledger: `session` is a gateway session as the NEW
 * enrollment (the transaction's creator), `newCertificatePem` its certificate. Resolves with the
 * committed record once the key pool holds the new key.
 *
 * @throws SpindleError with the chaincode's code: NOT_AUTHORIZED, SIGNATURE_INVALID, EXPIRED,
 *   REPLAYED, CONFLICT, STATE_INVALID, NOT_FOUND.
 */
export async function renewMachineCertificate(
    session: SpindleGateway,
    machineId: string,
    newCertificatePem: string,
    authority: RenewalAuthority,
): Promise<MachineRecord> {
    const registry = new MachineRegistryClient(session);
    const registered = await registry.get(machineId);
    if ('admin' in authority) {
        await new MachineRegistryClient(authority.admin).approveCertificateRenewal(machineId, newCertificatePem);
        return registry.renewCertificate(
            certificateRenewalRequest(machineId, registered.signingCertificate, newCertificatePem),
        );
    }
    return registry.renewCertificate(
        certificateRenewalRequest(
            machineId,
            registered.signingCertificate,
            newCertificatePem,
            authority.oldPrivateKeyPem,
        ),
    );
}
