import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';

import { NetworkError } from '../core/errors';

/** The names a TLS server certificate carries as subject alternative names. */
export interface SubjectAltNames {
    dnsNames: string[];
    ipAddresses: string[];
}

/**
 * Reads the subject alternative names of a PEM certificate, in the order it lists them.
 *
 * @throws NetworkError CONFIG_INVALID when the text is not a certificate.
 */
export function subjectAltNamesOf(certificatePem: string, source: string): SubjectAltNames {
    let text: string | undefined;
    try {
        text = new X509Certificate(certificatePem).subjectAltName;
    } catch (error) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `${source} is not a certificate (${error instanceof Error ? error.message : String(error)})`,
        );
    }
    return parseSubjectAltNames(text ?? '');
}

/** Parses Node's rendering of the extension, `DNS:localhost, IP Address:127.0.0.1`. */
export function parseSubjectAltNames(text: string): SubjectAltNames {
    const names: SubjectAltNames = { dnsNames: [], ipAddresses: [] };
    for (const entry of text.split(/,\s*/)) {
        const separator = entry.indexOf(':');
        const kind = entry.slice(0, separator).trim();
        const value = entry.slice(separator + 1).trim();
        if (kind === 'DNS' && value !== '') {
            names.dnsNames.push(value);
        } else if (kind === 'IP Address' && value !== '') {
            names.ipAddresses.push(value);
        }
    }
    return names;
}

/**
 * The TLS server name a client must expect from a node it dials at `host`, taken from the node's
 * own certificate, never assumed:
 *
 * - `host` itself when the certificate lists it as a DNS name;
 * - when `host` is an address the certificate lists, the certificate's first DNS name (a client
 *   sends the expected name as SNI, and RFC 6066 allows no address there), else the address;
 * - when the certificate does not name `host` at all (a node reached through another address, as
 *   behind Docker's port mapping), the certificate's first DNS name, else its first address.
 *
 * @throws NetworkError CONFIG_INVALID when the certificate carries no subject alternative name.
 */
export function tlsServerName(names: SubjectAltNames, host: string, source: string): string {
    if (names.dnsNames.includes(host)) {
        return host;
    }
    const [firstName] = names.dnsNames;
    if (isIP(host) !== 0 && names.ipAddresses.includes(host)) {
        return firstName ?? host;
    }
    const fallback = firstName ?? names.ipAddresses[0];
    if (fallback === undefined) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `${source} carries no subject alternative name, so no client can check it; enroll its TLS certificate with --csr.hosts`,
        );
    }
    return fallback;
}

/**
 * {@link tlsServerName} for a node at `host` whose TLS certificate is the file `certificateFile`.
 *
 * @throws NetworkError CONFIG_INVALID when the file cannot be read, is not a certificate, or
 *   names no host.
 */
export function tlsServerNameOfFile(certificateFile: string, host: string): string {
    let pem: string;
    try {
        pem = readFileSync(certificateFile, 'utf8');
    } catch (error) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `cannot read the TLS certificate ${certificateFile} (${error instanceof Error ? error.message : String(error)})`,
        );
    }
    return tlsServerName(subjectAltNamesOf(pem, certificateFile), host, certificateFile);
}
