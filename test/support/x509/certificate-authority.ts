import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import {
    bitString,
    boolean,
    explicit,
    integer,
    objectIdentifier,
    octetString,
    sequence,
    set,
    tlv,
    utcTime,
    utf8String,
} from './der';

const ECDSA_WITH_SHA256 = sequence(objectIdentifier('1.2.840.10045.4.3.2'));
const COMMON_NAME = '2.5.4.3';
const ORGANIZATION = '2.5.4.10';
const ORGANIZATIONAL_UNIT = '2.5.4.11';
const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const SUBJECT_ALT_NAME = '2.5.29.17';
/** GeneralName's context tags: dNSName [2] IA5String, iPAddress [7] OCTET STRING. */
const DNS_NAME_TAG = 0x82;
const IP_ADDRESS_TAG = 0x87;
/** The extension fabric-ca puts attributes in, as JSON `{"attrs":{...}}`; fabric-shim reads it. */
const FABRIC_ATTRIBUTES = '1.2.3.4.5.6.7.8.1';
const NOT_BEFORE = new Date('2024-01-01T00:00:00Z');
const NOT_AFTER = new Date('2049-12-31T23:59:59Z');

/** A key pair and the certificate of its public key, PEM. */
export interface IssuedIdentity {
    certificatePem: string;
    privateKeyPem: string;
}

/** What a certificate says about its holder. */
export interface CertificateRequest {
    commonName: string;
    organizationalUnit: string;
    /** fabric-ca attributes, such as `spindle.role`. */
    attributes: Record<string, string>;
    /** The end of the validity period (default 2049-12-31), to issue an expired certificate. */
    notAfter?: Date;
    /** Subject alternative names, as a TLS server certificate carries them (IPv4 addresses). */
    subjectAltNames?: { dnsNames?: string[]; ipAddresses?: string[] };
}

function name(organization: string, commonName: string, organizationalUnit?: string): Buffer {
    const attribute = (oid: string, value: string) => set(sequence(objectIdentifier(oid), utf8String(value)));
    return sequence(
        attribute(ORGANIZATION, organization),
        ...(organizationalUnit === undefined ? [] : [attribute(ORGANIZATIONAL_UNIT, organizationalUnit)]),
        attribute(COMMON_NAME, commonName),
    );
}

function extension(oid: string, critical: boolean, value: Uint8Array): Buffer {
    return sequence(objectIdentifier(oid), ...(critical ? [boolean(true)] : []), octetString(value));
}

function subjectAltNameExtension(names: { dnsNames?: string[]; ipAddresses?: string[] }): Buffer {
    return extension(
        SUBJECT_ALT_NAME,
        false,
        sequence(
            ...(names.dnsNames ?? []).map((dnsName) => tlv(DNS_NAME_TAG, Buffer.from(dnsName, 'ascii'))),
            ...(names.ipAddresses ?? []).map((address) =>
                tlv(IP_ADDRESS_TAG, Buffer.from(address.split('.').map((part) => Number(part)))),
            ),
        ),
    );
}

function toPem(label: string, der: Uint8Array): string {
    const lines =
        Buffer.from(der)
            .toString('base64')
            .match(/.{1,64}/g) ?? [];
    return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/**
 * A mill's certificate authority for tests: ECDSA P-256 keys and X.509 v3 certificates shaped
 * like fabric-ca's, attributes included, so fabric-shim's ClientIdentity reads them as it reads
 * Fabric's own. Test support only.
 */
export class CertificateAuthority {
    readonly certificatePem: string;
    private readonly key: KeyObject;
    private readonly subject: Buffer;
    private serial = 1n;

    constructor(readonly organization: string) {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        this.key = privateKey;
        this.subject = name(organization, `ca.${organization.toLowerCase()}`);
        const der = this.certificate(this.subject, publicKey, [
            extension(BASIC_CONSTRAINTS, true, sequence(boolean(true))),
            extension(KEY_USAGE, true, bitString(Buffer.from([0x06]))),
        ]);
        this.certificatePem = toPem('CERTIFICATE', der);
    }

    /** Issues a new key pair and its certificate. */
    issue(request: CertificateRequest): IssuedIdentity {
        const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
        const attributes = Buffer.from(JSON.stringify({ attrs: request.attributes }), 'utf8');
        const der = this.certificate(
            name(this.organization, request.commonName, request.organizationalUnit),
            publicKey,
            [
                extension(BASIC_CONSTRAINTS, true, sequence()),
                extension(KEY_USAGE, true, bitString(Buffer.from([0x80]))),
                extension(FABRIC_ATTRIBUTES, false, attributes),
                ...(request.subjectAltNames === undefined ? [] : [subjectAltNameExtension(request.subjectAltNames)]),
            ],
            request.notAfter,
        );
        return {
            certificatePem: toPem('CERTIFICATE', der),
            privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        };
    }

    private certificate(subject: Buffer, publicKey: KeyObject, extensions: Buffer[], notAfter = NOT_AFTER): Buffer {
        this.serial += 1n;
        const serial = BigInt(
            `0x${createHash('sha256').update(`${this.organization}/${this.serial}`).digest('hex').slice(0, 30)}`,
        );
        const tbs = sequence(
            explicit(0, integer(2n)),
            integer(serial),
            ECDSA_WITH_SHA256,
            this.subject,
            sequence(utcTime(NOT_BEFORE), utcTime(notAfter)),
            subject,
            publicKey.export({ type: 'spki', format: 'der' }),
            explicit(3, sequence(...extensions)),
        );
        return sequence(tbs, ECDSA_WITH_SHA256, bitString(sign('sha256', tbs, this.key)));
    }
}
