import {
    DomainError,
    LIMITS,
    certificateRenewalStatement,
    certificateValidity,
    pemSchema,
    publicKeyFromCertificate,
    sha256Hex,
    verifySignature,
    type CertificateRenewal,
    type MachineRecord,
    type PreviousCertificate,
} from '../../protocol';
import { assertMillAdmin } from '../authorization';
import type { Caller } from '../caller';
import { assertStatus } from './change-machine-status';

const RENEWABLE = ['PENDING', 'ACTIVE', 'SUSPENDED'] as const;

/**
 * Records that the mill's admin approves `certificatePem`'s key as the machine's next signing
 * key, for a machine whose old key is lost. The machine then presents that certificate itself
 * (`renewCertificate` without a signature), so Fabric's MSP checks the certificate's issuer and
 * the chaincode its attributes; a later approval replaces an earlier one.
 *
 * @throws DomainError NOT_AUTHORIZED unless an admin of the owning mill; STATE_INVALID when
 *   RETIRED; INVALID_ARGUMENT for a certificate that does not parse or has no P-256 key;
 *   EXPIRED for a certificate past its notAfter; CONFLICT for the current or a previous key.
 */
export function approveCertificateRenewal(
    machine: MachineRecord,
    certificatePem: string,
    caller: Caller,
    at: string,
): MachineRecord {
    assertMillAdmin(caller, machine.ownerMspId, `approve a new certificate for machine ${machine.machineId}`);
    assertStatus(machine, RENEWABLE, 'renew its certificate');
    const signingPublicKey = publicKeyFromCertificate(certificatePem);
    assertNotExpired(certificatePem, at);
    assertFreshKey(machine, signingPublicKey);
    return {
        ...machine,
        renewalApproval: { signingPublicKey, approvedAt: at },
        updatedAt: at,
        lastAction: 'approveCertificateRenewal',
    };
}

/**
 * Moves a machine to the caller's certificate. The caller is the machine's NEW enrollment: role
 * `machine`, its machine attribute names the machine, its MSP is the owning mill. The change is
 * authorised by the OLD registered key's signature of {@link certificateRenewalStatement}, or,
 * without a signature, by the mill admin's approval of exactly this key. The statement names the
 * certificate it replaces, so it serves once. The old certificate joins `previousCertificates`
 * (the last `LIMITS.previousCertificatesMax`), and its PEM stays in the record's history.
 *
 * @throws DomainError NOT_AUTHORIZED for any other caller, or no approval of this key;
 *   STATE_INVALID when RETIRED; EXPIRED for a certificate past its notAfter; REPLAYED when the
 *   request replaces a certificate that is no longer the registered one; CONFLICT for the current
 *   or a previous key; SIGNATURE_INVALID when the old key did not sign the statement;
 *   INVALID_ARGUMENT for an oversize certificate.
 */
export function renewCertificate(
    machine: MachineRecord,
    renewal: CertificateRenewal,
    caller: Caller,
    at: string,
): MachineRecord {
    if (
        caller.role !== 'machine' ||
        caller.machineId !== machine.machineId ||
        caller.mspId !== machine.ownerMspId ||
        caller.publicKey === undefined
    ) {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `only a P-256 machine identity of ${machine.ownerMspId} issued for ${machine.machineId} may renew its certificate`,
        );
    }
    assertStatus(machine, RENEWABLE, 'renew its certificate');
    if (!pemSchema.safeParse(caller.certificate).success) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `the caller's certificate is not a PEM of at most ${LIMITS.pemChars} characters`,
        );
    }
    assertNotExpired(caller.certificate, at);
    const replaced = sha256Hex(machine.signingCertificate);
    if (renewal.replacesCertificateSha256 !== replaced) {
        throw new DomainError(
            'REPLAYED',
            `the request replaces certificate ${renewal.replacesCertificateSha256.slice(0, 12)}, not the registered one`,
        );
    }
    assertFreshKey(machine, caller.publicKey);
    let renewedBy: PreviousCertificate['renewedBy'];
    if (renewal.signature !== undefined) {
        const statement = certificateRenewalStatement(machine.machineId, caller.publicKey, replaced);
        if (!verifySignature(machine.signingPublicKey, statement, renewal.signature)) {
            throw new DomainError(
                'SIGNATURE_INVALID',
                `the statement is not signed by ${machine.machineId}'s registered key`,
            );
        }
        renewedBy = 'old-key';
    } else if (machine.renewalApproval?.signingPublicKey === caller.publicKey) {
        renewedBy = 'mill-admin';
    } else {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `a new certificate of ${machine.machineId} needs its old key's signature or its mill admin's approval`,
        );
    }
    const previous: PreviousCertificate = {
        certificateSha256: replaced,
        publicKeySha256: sha256Hex(machine.signingPublicKey),
        notAfter: certificateValidity(machine.signingCertificate).notAfter,
        replacedAt: at,
        renewedBy,
    };
    const next: MachineRecord = {
        ...machine,
        signingCertificate: caller.certificate,
        signingPublicKey: caller.publicKey,
        previousCertificates: [...(machine.previousCertificates ?? []), previous].slice(
            -LIMITS.previousCertificatesMax,
        ),
        updatedAt: at,
        lastAction: 'renewCertificate',
    };
    delete next.renewalApproval;
    return next;
}

function assertNotExpired(certificatePem: string, at: string): void {
    const { notAfter } = certificateValidity(certificatePem);
    if (Date.parse(notAfter) <= Date.parse(at)) {
        throw new DomainError('EXPIRED', `the certificate expired at ${notAfter}`);
    }
}

function assertFreshKey(machine: MachineRecord, signingPublicKey: string): void {
    if (signingPublicKey === machine.signingPublicKey) {
        throw new DomainError('CONFLICT', `the certificate's key is already ${machine.machineId}'s signing key`);
    }
    const digest = sha256Hex(signingPublicKey);
    if ((machine.previousCertificates ?? []).some((entry) => entry.publicKeySha256 === digest)) {
        throw new DomainError('CONFLICT', `the certificate's key was ${machine.machineId}'s signing key before`);
    }
}
