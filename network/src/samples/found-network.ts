import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import type { IdentityFiles } from '../profiles/gateway-profile';
import { readDockerTestNetwork, type DockerOrganization } from './docker-network';
import { readNanoBashNetwork } from './nano-bash-network';

/** A fabric-ca a found organisation runs: where it listens, its CA name and the certificate its TLS chains to. */
export interface FoundCa {
    url: string;
    name: string;
    certificate: string;
}

/** One peer of a found network and the environment its admin uses (nano-bash's `peerNadmin.sh`). */
export interface FoundPeer {
    mspId: string;
    endpoint: string;
    tlsRootCertificate: string;
    /** The script that sets a peer admin's environment, sourced before a `peer` command. */
    adminScript?: string;
}

/** An organisation of the found network, as a Spindle client reaches it. */
export interface FoundOrganization {
    mspId: string;
    domain: string;
    /** The peer the organisation's gateway profile names. */
    peerEndpoint: string;
    tlsRootCertificate: string;
    /** A DNS name of the peer's TLS certificate, when the certificate could be read. */
    tlsServerName?: string;
    /** The network's own admin and user (without Spindle's role attributes), when enrolled. */
    admin?: IdentityFiles;
    user?: IdentityFiles;
    /** Its fabric-ca; undefined when the network issued its identities with cryptogen. */
    ca?: FoundCa;
}

/** Which of the Fabric samples' test networks was found. */
export type TestNetworkKind = 'nano-bash' | 'docker';

/** A Fabric samples' test network as found on disk: its organisations, peers, orderer and channel. */
export interface FoundNetwork {
    kind: TestNetworkKind;
    dir: string;
    channel: string;
    organizations: FoundOrganization[];
    /** Every peer, for installing the chaincode on each (nano-bash; the Docker script does its own). */
    peers: FoundPeer[];
    orderer: { endpoint: string; tlsRootCertificate: string };
}

/**
 * Reads the test network in `dir`: `test-network-nano-bash` (its `peerNadmin.sh` scripts, its
 * `crypto-config/` material and, on the `-ca` path, its CAs' `orgNca.sh`) or the Docker
 * `test-network` (its fixed ports, its `organizations/` material).
 *
 * @throws NetworkError CONFIG_INVALID when the folder is neither, or nano-bash has no crypto material yet.
 */
export function findTestNetwork(dir: string, dockerOrganizations: readonly DockerOrganization[]): FoundNetwork {
    const root = resolve(dir);
    if (existsSync(join(root, 'peer1admin.sh'))) {
        return readNanoBashNetwork(root);
    }
    return readDockerTestNetwork(root, dockerOrganizations);
}
