import { MILLS, type Credentials, type IdentitySpec, type MillName } from '../../contract-suite/harness';
import { mspIdOf } from '../../contract-suite/fixture';
import { CertificateAuthority } from '../../support/x509/certificate-authority';

/**
 * Identities of the three mills for the in-memory ledger: one certificate authority per mill,
 * and one enrollment per identity spec, issued on first use with fabric-ca's attributes.
 */
export class TestIdentities {
    private readonly authorities = new Map<MillName, CertificateAuthority>(
        MILLS.map((mill) => [mill, new CertificateAuthority(mill)]),
    );
    private readonly issued = new Map<string, Credentials>();

    /** The enrollment of `identity`, the same on every call. */
    credentials(identity: IdentitySpec): Credentials {
        const key = JSON.stringify([identity.mill, identity.role, identity.machineId ?? '', identity.variant ?? '']);
        let credentials = this.issued.get(key);
        if (credentials === undefined) {
            credentials = this.issue(identity);
            this.issued.set(key, credentials);
        }
        return credentials;
    }

    private issue(identity: IdentitySpec): Credentials {
        const authority = this.authorities.get(identity.mill);
        if (authority === undefined) {
            throw new Error(`no certificate authority for ${identity.mill}`);
        }
        const enrollmentId = [identity.machineId ?? identity.role, identity.variant].filter(Boolean).join('-');
        const attributes: Record<string, string> = {
            'hf.Affiliation': '',
            'hf.EnrollmentID': enrollmentId,
            'hf.Type': identity.role === 'admin' ? 'admin' : 'client',
            'spindle.role': identity.role,
            ...(identity.machineId === undefined ? {} : { 'spindle.machine': identity.machineId }),
        };
        const issued = authority.issue({
            commonName: enrollmentId,
            organizationalUnit: identity.role === 'admin' ? 'admin' : 'client',
            attributes,
        });
        return { mspId: mspIdOf(identity.mill), ...issued };
    }
}
