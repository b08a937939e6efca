import { X509Certificate, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { BoundedCache } from './bounded-cache';
import { DomainError } from './domain-error';

const P256 = 'prime256v1';

/**
 * Distinct certificates and keys remembered: every machine of a large line and the mills'
 * admins. Past it the least recently used is parsed again, which costs time, never correctness.
 */
export const KEY_CACHE_ENTRIES = 2048;

/** Certificate PEM → its key's SPKI PEM. Parsing X.509 is a pure function of the text. */
const certificateKeys = new BoundedCache<string, string>(KEY_CACHE_ENTRIES);

/** SPKI PEM → the key object a signature check needs. */
const verifyingKeys = new BoundedCache<string, KeyObject>(KEY_CACHE_ENTRIES);

/**
 * The SPKI PEM of the public key in an X.509 certificate: the key pool entry of a machine whose
 * signing key is its Fabric enrollment key.
 *
 * @throws DomainError INVALID_ARGUMENT when the certificate does not parse or its key is not P-256.
 */
export function publicKeyFromCertificate(certificatePem: string): string {
    return certificateKeys.get(certificatePem, parseCertificateKey);
}

function parseCertificateKey(certificatePem: string): string {
    let key: KeyObject;
    try {
        key = new X509Certificate(certificatePem).publicKey;
    } catch {
        throw new DomainError('INVALID_ARGUMENT', 'the certificate does not parse as X.509 PEM');
    }
    assertP256(key, 'certificate key');
    return exportPem(key);
}

/**
 * The SPKI PEM form of an ECDSA/ECDH P-256 public key given as PEM, as the key pool stores it.
 *
 * @throws DomainError INVALID_ARGUMENT when `pem` is not a P-256 public key.
 */
export function normalizePublicKey(pem: string, what: string): string {
    let key: KeyObject;
    try {
        key = createPublicKey({ key: pem, format: 'pem' });
    } catch {
        throw new DomainError('INVALID_ARGUMENT', `${what} does not parse as a PEM public key`);
    }
    assertP256(key, what);
    return exportPem(key);
}

/**
 * Whether `signature` (base64 of an ASN.1 DER ECDSA signature) is a valid ECDSA P-256 / SHA-256
 * signature of `data` by `publicKeyPem`. Malformed keys or signatures verify as false.
 */
export function verifySignature(publicKeyPem: string, data: Uint8Array, signature: string): boolean {
    try {
        const key = verifyingKeys.get(publicKeyPem, (pem) => createPublicKey({ key: pem, format: 'pem' }));
        return verify('sha256', data, { key, dsaEncoding: 'der' }, Buffer.from(signature, 'base64'));
    } catch {
        return false;
    }
}

function assertP256(key: KeyObject, what: string): void {
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== P256) {
        throw new DomainError('INVALID_ARGUMENT', `${what} must be an EC P-256 key`);
    }
}

function exportPem(key: KeyObject): string {
    return key.export({ type: 'spki', format: 'pem' }).toString();
}
