import { X509Certificate } from 'node:crypto';
import { z } from 'zod';
import { toCanonicalBytes } from './canonical-json';
import { DomainError } from './domain-error';
import { idSchema, sha256HexSchema, timestampSchema } from './identifiers';

/** What a statement of renewal is for, so a signature made for anything else never counts as one. */
export const CERTIFICATE_RENEWAL_PURPOSE = 'spindle.machine.certificate-renewal.v1';

/**
 * The argument of `MachineRegistry:renewCertificate`, submitted by the machine's NEW identity.
 * `replacesCertificateSha256` names the registered certificate being replaced (hex SHA-256 of its
 * PEM as the record holds it), so a statement serves for exactly one step. `signature` is the
 * old key's signature of {@link certificateRenewalStatement}; without it the mill's admin must
 * have approved the new key first (`approveCertificateRenewal`).
 */
export const certificateRenewalSchema = z
    .object({
        machineId: idSchema,
        replacesCertificateSha256: sha256HexSchema,
        signature: z
            .string()
            .max(256)
            .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
            .optional(),
    })
    .strict();

/** A renewal request. */
export type CertificateRenewal = z.infer<typeof certificateRenewalSchema>;

/** A certificate the machine held before, as its record keeps it (the PEM itself stays in history). */
export const previousCertificateSchema = z
    .object({
        certificateSha256: sha256HexSchema,
        publicKeySha256: sha256HexSchema,
        notAfter: timestampSchema,
        replacedAt: timestampSchema,
        /** How the change was authorised: the old key's signature, or the mill admin's approval. */
        renewedBy: z.enum(['old-key', 'mill-admin']),
    })
    .strict();

/** A previous certificate. */
export type PreviousCertificate = z.infer<typeof previousCertificateSchema>;

/** A new signing key the mill's admin approved for a machine whose old key is lost. */
export const renewalApprovalSchema = z
    .object({ signingPublicKey: z.string().max(4_096), approvedAt: timestampSchema })
    .strict();

/** A renewal approval. */
export type RenewalApproval = z.infer<typeof renewalApprovalSchema>;

/**
 * The bytes the OLD signing key signs to move a machine to a new certificate: the RFC 8785
 * canonical JSON of the purpose, the machine ID, the new certificate's public key (SPKI PEM, as
 * the key pool stores it) and the SHA-256 of the certificate it replaces.
 */
export function certificateRenewalStatement(
    machineId: string,
    newSigningPublicKey: string,
    replacesCertificateSha256: string,
): Uint8Array {
    return toCanonicalBytes({
        purpose: CERTIFICATE_RENEWAL_PURPOSE,
        machineId,
        newSigningPublicKey,
        replacesCertificateSha256,
    });
}

/** The validity period of an X.509 certificate, as ISO 8601 UTC timestamps. */
export interface CertificateValidity {
    notBefore: string;
    notAfter: string;
}

/**
 * The validity period of a PEM certificate.
 *
 * @throws DomainError INVALID_ARGUMENT when it does not parse.
 */
export function certificateValidity(certificatePem: string): CertificateValidity {
    let certificate: X509Certificate;
    try {
        certificate = new X509Certificate(certificatePem);
    } catch {
        throw new DomainError('INVALID_ARGUMENT', 'the certificate does not parse as X.509 PEM');
    }
    return { notBefore: toIso(certificate.validFrom), notAfter: toIso(certificate.validTo) };
}

function toIso(openSslTime: string): string {
    // OpenSSL prints `Dec 31 23:59:59 2049 GMT`; parsing a given string is deterministic.
    const time = Date.parse(openSslTime);
    if (Number.isNaN(time)) {
        throw new DomainError('INVALID_ARGUMENT', `the certificate time ${openSslTime} does not parse`);
    }
    return new Date(time).toISOString();
}
