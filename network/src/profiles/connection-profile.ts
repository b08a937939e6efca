import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { endpoint } from '../core/mill-host';
import { caName, caUrl } from '../identities/ca';
import { tlsServerNameOfFile } from './tls-server-name';

/** A peer or orderer as a Common Connection Profile lists it. */
export interface ProfileNode {
    url: string;
    tlsCACerts: { pem: string };
    grpcOptions: { 'ssl-target-name-override': string };
}

/** What a peer does for the profile's clients on a channel. */
export interface ProfilePeerRoles {
    endorsingPeer: boolean;
    chaincodeQuery: boolean;
    ledgerQuery: boolean;
    eventSource: boolean;
}

/**
 * A mill's Common Connection Profile, the format fabric-network 2.2 (and fabric-ca-client) read:
 * every mill's peer and orderer with its TLS CA certificate inline and the TLS server name its
 * certificate carries, the mill's own CA, and the channel with the roles each peer plays for
 * this mill's clients (queries and events at the mill's own peer, endorsement at every peer).
 */
export interface ConnectionProfile {
    name: string;
    version: string;
    client: { organization: string };
    organizations: Record<string, { mspid: string; peers: string[]; certificateAuthorities: string[] }>;
    peers: Record<string, ProfileNode>;
    orderers: Record<string, ProfileNode>;
    certificateAuthorities: Record<
        string,
        { url: string; caName: string; tlsCACerts: { pem: string[] }; httpOptions: { verify: boolean } }
    >;
    channels: Record<string, { orderers: string[]; peers: Record<string, ProfilePeerRoles> }>;
}

/** The profile file of a mill, beside its gateway profile: `run/connection-profile/<mill>.json`. */
export function connectionProfileFile(ctx: NetworkContext, mill: MillConfig): string {
    return join(ctx.paths.runDir, 'connection-profile', `${mill.key}.json`);
}

/** The name a profile gives a mill's peer. */
export function profilePeerName(mill: MillConfig): string {
    return `peer0.${mill.key}`;
}

/** The name a profile gives a mill's orderer. */
export function profileOrdererName(mill: MillConfig): string {
    return `orderer0.${mill.key}`;
}

/**
 * The Common Connection Profile of one mill's clients.
 *
 * @throws NetworkError CONFIG_INVALID when a TLS certificate is missing or names no host.
 */
export function connectionProfile(ctx: NetworkContext, own: MillConfig): ConnectionProfile {
    const mills = ctx.config.mills;
    const ownCa = caName(own);
    return {
        name: `spindle-${own.key}`,
        version: '1.0.0',
        client: { organization: own.name },
        organizations: Object.fromEntries(
            mills.map((mill) => [
                mill.name,
                {
                    mspid: mill.mspId,
                    peers: [profilePeerName(mill)],
                    certificateAuthorities: mill === own ? [ownCa] : [],
                },
            ]),
        ),
        peers: Object.fromEntries(
            mills.map((mill) => {
                const tls = ctx.folders(mill).peer.tls;
                return [profilePeerName(mill), profileNode(mill, mill.ports.peer, tls.cert, tls.ca)];
            }),
        ),
        orderers: Object.fromEntries(
            mills.map((mill) => {
                const tls = ctx.folders(mill).orderer.tls;
                return [profileOrdererName(mill), profileNode(mill, mill.ports.orderer, tls.cert, tls.ca)];
            }),
        ),
        certificateAuthorities: {
            [ownCa]: {
                url: caUrl(own),
                caName: ownCa,
                tlsCACerts: { pem: [readPem(ctx.folders(own).caCert)] },
                httpOptions: { verify: true },
            },
        },
        channels: {
            [ctx.config.channel]: {
                orderers: mills.map(profileOrdererName),
                peers: Object.fromEntries(
                    mills.map((mill) => {
                        const local = mill === own;
                        return [
                            profilePeerName(mill),
                            { endorsingPeer: true, chaincodeQuery: local, ledgerQuery: local, eventSource: local },
                        ];
                    }),
                ),
            },
        },
    };
}

/**
 * Writes every mill's Common Connection Profile.
 *
 * @throws NetworkError CONFIG_INVALID when a TLS certificate is missing or names no host.
 */
export function writeConnectionProfiles(ctx: NetworkContext): void {
    for (const mill of ctx.config.mills) {
        const file = connectionProfileFile(ctx, mill);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, JSON.stringify(connectionProfile(ctx, mill), null, 2));
    }
}

function profileNode(mill: MillConfig, port: number, serverCertificate: string, tlsCa: string): ProfileNode {
    return {
        url: `grpcs://${endpoint(mill.host, port)}`,
        tlsCACerts: { pem: readPem(tlsCa) },
        grpcOptions: { 'ssl-target-name-override': tlsServerNameOfFile(serverCertificate, mill.host.name) },
    };
}

function readPem(file: string): string {
    try {
        return readFileSync(file, 'utf8');
    } catch (error) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `cannot read ${file} (${error instanceof Error ? error.message : String(error)}); bring the network up again: npm run network -- up`,
        );
    }
}
