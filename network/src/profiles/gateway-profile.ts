import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

import type { MillConfig } from '../core/config';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import { endpoint } from '../core/mill-host';
import { type IdentityPaths, machinePaths } from '../core/paths';
import { caName, caUrl } from '../identities/ca';
import { writeConnectionProfiles } from './connection-profile';
import { tlsServerNameOfFile } from './tls-server-name';

const identityFilesSchema = z.object({ certificate: z.string(), privateKey: z.string() }).strict();

const gatewayProfileSchema = z
    .object({
        mill: z.string(),
        mspId: z.string(),
        peerEndpoint: z.string(),
        tlsRootCertificate: z.string(),
        /**
         * The name to check the peer's TLS certificate against, one its certificate carries; when
         * absent, the host of `peerEndpoint` (a name or an IP address) is checked.
         */
        tlsServerName: z.string().optional(),
        /** The mill's fabric-ca; absent when its network issued identities without one (cryptogen). */
        caUrl: z.string().optional(),
        caName: z.string().optional(),
        caCertificate: z.string().optional(),
        channel: z.string(),
        chaincode: z.string(),
        identities: z
            .object({
                /** The mill's admin and operator; absent when Spindle's CLI enrolls them (`spindle identity enroll`). */
                admin: identityFilesSchema.optional(),
                operator: identityFilesSchema.optional(),
                machines: z.record(identityFilesSchema),
            })
            .strict(),
    })
    .strict();

/** Where a client finds an identity: its certificate and private key files. */
export type IdentityFiles = z.infer<typeof identityFilesSchema>;

/**
 * How a mill's applications reach the network through the Fabric Gateway: the mill's peer,
 * the CA that signed its TLS certificate, the channel and chaincode, and the identities the
 * network tool enrolled. Written to `run/gateway/<mill>.json` by `up`.
 */
export type GatewayProfile = z.infer<typeof gatewayProfileSchema>;

/**
 * Reads a gateway profile.
 *
 * @throws NetworkError CONFIG_INVALID when the file is not a gateway profile.
 */
export function readGatewayProfile(file: string): GatewayProfile {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `cannot read the gateway profile ${file} (${error instanceof Error ? error.message : String(error)}); bring the network up again: npm run network -- up`,
        );
    }
    const parsed = gatewayProfileSchema.safeParse(raw);
    if (!parsed.success) {
        throw new NetworkError('CONFIG_INVALID', `${file} is not a gateway profile: ${parsed.error.message}`);
    }
    return parsed.data;
}

/** The profile file of a mill. */
export function gatewayProfileFile(ctx: NetworkContext, mill: MillConfig): string {
    return join(ctx.paths.runDir, 'gateway', `${mill.key}.json`);
}

/**
 * Writes every mill's gateway profile, and beside it the mill's Common Connection Profile for
 * applications on the legacy SDK (`run/connection-profile/<mill>.json`).
 */
export function writeGatewayProfiles(ctx: NetworkContext): void {
    for (const mill of ctx.config.mills) {
        const folders = ctx.folders(mill);
        const machines = ctx.consortium.mills.find((entry) => entry.name === mill.name)?.machines ?? [];
        const profile: GatewayProfile = {
            mill: mill.name,
            mspId: mill.mspId,
            peerEndpoint: endpoint(mill.host, mill.ports.peer),
            tlsRootCertificate: folders.peer.tls.ca,
            tlsServerName: nodeTlsServerName(ctx, mill, 'peer'),
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
    writeConnectionProfiles(ctx);
}

/**
 * The name a client checks a mill's peer or orderer against, from the node's own TLS certificate
 * (see {@link tlsServerNameOfFile}): the host's name, or on loopback, where the node is reached by IP
 * address, the first DNS name the certificate carries.
 *
 * @throws NetworkError CONFIG_INVALID when the certificate is missing or names no host.
 */
export function nodeTlsServerName(ctx: NetworkContext, mill: MillConfig, node: 'peer' | 'orderer'): string {
    return tlsServerNameOfFile(ctx.folders(mill)[node].tls.cert, mill.host.name);
}

function identityFiles(identity: IdentityPaths): IdentityFiles {
    const keystore = join(identity.msp, 'keystore');
    const [key] = readdirSync(keystore);
    return {
        certificate: join(identity.msp, 'signcerts', 'cert.pem'),
        privateKey: join(keystore, key ?? 'missing-key'),
    };
}
