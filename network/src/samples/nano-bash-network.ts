import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

import { NetworkError } from '../core/errors';
import type { FoundCa, FoundNetwork, FoundOrganization, FoundPeer } from './found-network';
import { mspIdentityFiles, readShellExports, tlsServerNameOf } from './network-files';

/** nano-bash's application channel (generate_artifacts.sh, join_channel.sh). */
const NANO_BASH_CHANNEL = 'mychannel';

/**
 * Reads a running or started-once `test-network-nano-bash`: its peers from the `peerNadmin.sh`
 * scripts nano-bash tells its users to source (address, MSP, TLS root certificate, admin MSP),
 * the orderer from `orderer1.sh`, and on the `-ca` path (a `data_ca/` folder) each organisation's
 * fabric-ca from its `orgNca.sh`. The crypto material must exist: `network.sh start` makes it.
 *
 * @throws NetworkError CONFIG_INVALID when there is no crypto material or no peer admin script.
 */
export function readNanoBashNetwork(dir: string): FoundNetwork {
    if (!existsSync(join(dir, 'crypto-config', 'peerOrganizations'))) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `${dir} has no crypto-config/ yet: start the test network first (./network.sh start, or -ca for Spindle's identities)`,
        );
    }
    const peers = readdirSync(dir)
        .filter((file) => /^peer\d+admin\.sh$/.test(file))
        .sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]))
        .map((file) => peerOf(dir, file));
    if (peers.length === 0) {
        throw new NetworkError('CONFIG_INVALID', `${dir} has no peerNadmin.sh scripts`);
    }
    const withCa = existsSync(join(dir, 'data_ca'));
    const organizations: FoundOrganization[] = [];
    for (const peer of peers) {
        if (organizations.some((org) => org.mspId === peer.mspId)) {
            continue;
        }
        const domain = /peerOrganizations\/([^/]+)\//.exec(peer.adminMsp)?.[1] ?? '';
        const orgDir = join(dir, 'crypto-config', 'peerOrganizations', domain);
        organizations.push({
            mspId: peer.mspId,
            domain,
            peerEndpoint: peer.endpoint,
            tlsRootCertificate: peer.tlsRootCertificate,
            tlsServerName: tlsServerNameOf(join(dirname(peer.tlsRootCertificate), 'server.crt'), peer.endpoint),
            admin: mspIdentityFiles(peer.adminMsp),
            user: mspIdentityFiles(join(orgDir, 'users', `User1@${domain}`, 'msp')),
            ca: withCa ? caOf(dir, domain) : undefined,
        });
    }
    const orderer = readShellExports(join(dir, 'orderer1.sh'), dir);
    return {
        kind: 'nano-bash',
        dir,
        channel: NANO_BASH_CHANNEL,
        organizations,
        peers: peers.map(({ mspId, endpoint, tlsRootCertificate, adminScript }) => ({
            mspId,
            endpoint,
            tlsRootCertificate,
            adminScript,
        })),
        orderer: {
            endpoint: `127.0.0.1:${orderer.ORDERER_GENERAL_LISTENPORT ?? '6050'}`,
            tlsRootCertificate: orderer.ORDERER_GENERAL_TLS_ROOTCAS ?? '',
        },
    };
}

function peerOf(dir: string, script: string): FoundPeer & { adminMsp: string; adminScript: string } {
    const env = readShellExports(join(dir, script), dir);
    const { CORE_PEER_ADDRESS, CORE_PEER_LOCALMSPID, CORE_PEER_TLS_ROOTCERT_FILE, CORE_PEER_MSPCONFIGPATH } = env;
    if (!CORE_PEER_ADDRESS || !CORE_PEER_LOCALMSPID || !CORE_PEER_TLS_ROOTCERT_FILE || !CORE_PEER_MSPCONFIGPATH) {
        throw new NetworkError('CONFIG_INVALID', `${join(dir, script)} does not set a peer admin's environment`);
    }
    return {
        mspId: CORE_PEER_LOCALMSPID,
        endpoint: CORE_PEER_ADDRESS,
        tlsRootCertificate: CORE_PEER_TLS_ROOTCERT_FILE,
        adminMsp: CORE_PEER_MSPCONFIGPATH,
        adminScript: script,
    };
}

/** The fabric-ca an organisation's `orgNca.sh` starts; its enrollment CA's name is in nano-bash's CA config. */
function caOf(dir: string, domain: string): FoundCa | undefined {
    const script = join(dir, `${domain.split('.')[0] ?? ''}ca.sh`);
    if (!existsSync(script)) {
        return undefined;
    }
    const env = readShellExports(script, dir);
    const config: unknown = parse(
        readFileSync(join(dir, 'ca', 'ca_config', 'ca', 'fabric-ca-server-config.yaml'), 'utf8'),
    );
    const name = (config as { ca?: { name?: unknown } } | null)?.ca?.name;
    if (!env.CA_NAME || !env.CA_PORT || typeof name !== 'string') {
        return undefined;
    }
    return {
        url: `https://localhost:${env.CA_PORT}`,
        name,
        certificate: join(dir, 'data_ca', env.CA_NAME, 'ca', 'ca-cert.pem'),
    };
}
