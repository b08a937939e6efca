import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { caName, caUrl } from './ca';
import type { MillConfig } from './config';
import type { NetworkContext } from './context';
import { type IdentityPaths, machinePaths } from './paths';

/** Where a client finds an identity: its certificate and private key files. */
export interface IdentityFiles {
    certificate: string;
    privateKey: string;
}

/**
 * How a mill's applications reach the network through the Fabric Gateway: the mill's peer,
 * the CA that signed its TLS certificate, the channel and chaincode, and the identities the
 * network tool enrolled. Written to `run/gateway/<mill>.json` by `up`.
 */
export interface GatewayProfile {
    mill: string;
    mspId: string;
    peerEndpoint: string;
    tlsRootCertificate: string;
    caUrl: string;
    caName: string;
    caCertificate: string;
    channel: string;
    chaincode: string;
    identities: { admin: IdentityFiles; operator: IdentityFiles; machines: Record<string, IdentityFiles> };
}

/** The profile file of a mill. */
export function gatewayProfileFile(ctx: NetworkContext, mill: MillConfig): string {
    return join(ctx.paths.runDir, 'gateway', `${mill.key}.json`);
}

/** Writes every mill's gateway profile. */
export function writeGatewayProfiles(ctx: NetworkContext): void {
    for (const mill of ctx.config.mills) {
        const folders = ctx.folders(mill);
        const machines = ctx.consortium.mills.find((entry) => entry.name === mill.name)?.machines ?? [];
        const profile: GatewayProfile = {
            mill: mill.name,
            mspId: mill.mspId,
            peerEndpoint: `127.0.0.1:${mill.ports.peer}`,
            tlsRootCertificate: folders.peer.tls.ca,
            caUrl: caUrl(mill),
            caName: caName(mill),
            caCertificate: folders.caCert,
            channel: ctx.config.channel,
            chaincode: ctx.config.chaincode.name,
            identities: {
                admin: identityFiles(folders.admin),
                operator: identityFiles(folders.operator),
                machines: Object.fromEntries(
                    machines.map((machine) => [machine.id, identityFiles(machinePaths(folders, machine.id))]),
                ),
            },
        };
        const file = gatewayProfileFile(ctx, mill);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, JSON.stringify(profile, null, 2));
    }
}

function identityFiles(identity: IdentityPaths): IdentityFiles {
    const keystore = join(identity.msp, 'keystore');
    const [key] = readdirSync(keystore);
    return {
        certificate: join(identity.msp, 'signcerts', 'cert.pem'),
        privateKey: join(keystore, key ?? 'missing-key'),
    };
}
