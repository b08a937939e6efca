import { expect } from 'chai';
import { parseSubjectAltNames, subjectAltNamesOf, tlsServerName } from '@spindle/network';

import { CertificateAuthority } from '../../support/x509/certificate-authority';

function codeOf(work: () => unknown): unknown {
    try {
        work();
    } catch (error) {
        return (error as { code?: unknown }).code;
    }
    return undefined;
}

function serverCertificate(subjectAltNames?: { dnsNames?: string[]; ipAddresses?: string[] }): string {
    return new CertificateAuthority('MillA').issue({
        commonName: 'peer0',
        organizationalUnit: 'peer',
        attributes: {},
        ...(subjectAltNames === undefined ? {} : { subjectAltNames }),
    }).certificatePem;
}

describe('the TLS server name a connection profile gives a node', function () {
    it("reads a certificate's DNS names and addresses in the order it lists them", function () {
        const names = subjectAltNamesOf(
            serverCertificate({ dnsNames: ['peer0.milla.example', 'localhost'], ipAddresses: ['10.0.0.5'] }),
            'peer0',
        );
        expect(names).to.deep.equal({ dnsNames: ['peer0.milla.example', 'localhost'], ipAddresses: ['10.0.0.5'] });
    });

    it('takes the host a client dials when the certificate names it', function () {
        const names = parseSubjectAltNames('DNS:localhost, DNS:milla.spindle.test, IP Address:10.77.3.11');
        expect(tlsServerName(names, 'milla.spindle.test', 'peer0')).to.equal('milla.spindle.test');
    });

    it("takes the certificate's own DNS name for an address it lists, never an address as SNI", function () {
        const names = parseSubjectAltNames('DNS:peer0.org1.example.com, IP Address:127.0.0.1');
        expect(tlsServerName(names, '127.0.0.1', 'peer0')).to.equal('peer0.org1.example.com');
    });

    it('keeps the address when the certificate carries addresses only', function () {
        expect(tlsServerName(parseSubjectAltNames('IP Address:127.0.0.1'), '127.0.0.1', 'peer0')).to.equal('127.0.0.1');
    });

    it('does not assume localhost: a node reached by another name gets the name its certificate carries', function () {
        const names = parseSubjectAltNames('DNS:peer0.org2.example.com, DNS:peer0');
        expect(tlsServerName(names, 'localhost', 'peer0')).to.equal('peer0.org2.example.com');
    });

    it('refuses a certificate without subject alternative names (CONFIG_INVALID)', function () {
        const names = subjectAltNamesOf(serverCertificate(), 'peer0');
        expect(names).to.deep.equal({ dnsNames: [], ipAddresses: [] });
        expect(codeOf(() => tlsServerName(names, '127.0.0.1', 'peer0'))).to.equal('CONFIG_INVALID');
    });

    it('refuses text that is no certificate (CONFIG_INVALID)', function () {
        expect(codeOf(() => subjectAltNamesOf('not a certificate', 'peer0'))).to.equal('CONFIG_INVALID');
    });
});
