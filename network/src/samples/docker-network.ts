import { join } from 'node:path';

import type { FoundNetwork } from './found-network';
import { mspIdentityFiles, tlsServerNameOf } from './network-files';

/** An organisation of the Docker test network, as `test-network-config/fabric-samples/organizations.json` lists it. */
export interface DockerOrganization {
    mspId: string;
    domain: string;
    peerPort: number;
    caPort: number;
    caName: string;
}

/** The Docker test network's channel, the one its README creates (`network.sh up createChannel -c mychannel`). */
const DOCKER_CHANNEL = 'mychannel';

/**
 * The Docker `test-network` in `dir`: its fixed ports (peers on localhost, which their
 * certificates carry) and its `organizations/` material. It need not be up: the file names are
 * read when the material exists, cryptogen's otherwise.
 */
export function readDockerTestNetwork(dir: string, organizations: readonly DockerOrganization[]): FoundNetwork {
    const orgsDir = join(dir, 'organizations', 'peerOrganizations');
    const found = organizations.map((org) => {
        const orgDir = join(orgsDir, org.domain);
        const peerTls = join(orgDir, 'peers', `peer0.${org.domain}`, 'tls');
        const peerEndpoint = `localhost:${org.peerPort}`;
        const user = (name: string) => {
            const msp = join(orgDir, 'users', `${name}@${org.domain}`, 'msp');
            return (
                mspIdentityFiles(msp) ?? {
                    certificate: join(msp, 'signcerts', `${name}@${org.domain}-cert.pem`),
                    privateKey: join(msp, 'keystore', 'priv_sk'),
                }
            );
        };
        return {
            mspId: org.mspId,
            domain: org.domain,
            peerEndpoint,
            tlsRootCertificate: join(peerTls, 'ca.crt'),
            tlsServerName: tlsServerNameOf(join(peerTls, 'server.crt'), peerEndpoint),
            admin: user('Admin'),
            user: user('User1'),
            ca: {
                url: `https://localhost:${org.caPort}`,
                name: org.caName,
                certificate: join(dir, 'organizations', 'fabric-ca', org.domain.split('.')[0] ?? '', 'ca-cert.pem'),
            },
        };
    });
    return {
        kind: 'docker',
        dir,
        channel: DOCKER_CHANNEL,
        organizations: found,
        peers: [],
        orderer: {
            endpoint: 'localhost:7050',
            tlsRootCertificate: join(
                dir,
                'organizations',
                'ordererOrganizations',
                'example.com',
                'tlsca',
                'tlsca.example.com-cert.pem',
            ),
        },
    };
}
