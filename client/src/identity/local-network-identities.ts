import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type GatewayProfile, type IdentityFiles, readGatewayProfile } from '@spindle/network/client-support';

import { RUN_FOLDER_REMEDY, readLocalFile } from '../errors/local-file';
import { SpindleGateway } from '../session/spindle-gateway';
import { SpindleError } from '../errors/spindle-error';

/** An identity the local network's `up` enrolled, with the mill profile it connects through. */
export interface LocalIdentity {
    profile: GatewayProfile;
    files: IdentityFiles;
    /** Every mill's MSP ID, for choosing endorsers. */
    mspIds: string[];
}

/** Every mill profile `up` wrote to `<runDir>/gateway`; none when `up` never ran there. */
export function readProfiles(runDir: string): GatewayProfile[] {
    const dir = join(runDir, 'gateway');
    if (!existsSync(dir)) {
        return [];
    }
    return readdirSync(dir)
        .filter((file) => file.endsWith('.json'))
        .sort()
        .map((file) => readGatewayProfile(join(dir, file)));
}

/**
 * Finds an identity of the local network: a machine by its ID, or a mill's `admin` or
 * `operator` as `<mill>-admin` / `<mill>-operator` (e.g. `milla-admin`).
 *
 * @throws SpindleError IDENTITY_MISSING
 */
export function localIdentity(runDir: string, label: string): LocalIdentity {
    const profiles = readProfiles(runDir);
    const mspIds = profiles.map((profile) => profile.mspId);
    for (const profile of profiles) {
        const mill = profile.mill.toLowerCase();
        const files =
            label === `${mill}-admin`
                ? profile.identities.admin
                : label === `${mill}-operator`
                  ? profile.identities.operator
                  : profile.identities.machines[label];
        if (files) {
            return { profile, files, mspIds };
        }
    }
    throw new SpindleError('IDENTITY_MISSING', `no identity ${label} in ${join(runDir, 'gateway')}`);
}

/**
 * The labels of every identity the local network's `up` enrolled, mill by mill: `<mill>-admin`,
 * `<mill>-operator`, then the mill's machines of the manifest.
 */
export function localIdentityLabels(runDir: string): string[] {
    return readProfiles(runDir).flatMap((profile) => {
        const mill = profile.mill.toLowerCase();
        return [`${mill}-admin`, `${mill}-operator`, ...Object.keys(profile.identities.machines).sort()];
    });
}

/** Opens a gateway session as a local identity. */
export function openLocalSession(identity: LocalIdentity): SpindleGateway {
    return SpindleGateway.open({
        peerEndpoint: identity.profile.peerEndpoint,
        tlsRootCertificate: identity.profile.tlsRootCertificate,
        tlsServerName: identity.profile.tlsServerName,
        channel: identity.profile.channel,
        chaincode: identity.profile.chaincode,
        mspId: identity.profile.mspId,
        certificatePem: readLocalFile(
            identity.files.certificate,
            'IDENTITY_MISSING',
            'a certificate of the run folder',
            RUN_FOLDER_REMEDY,
        ).toString('utf8'),
        privateKeyPem: readLocalFile(
            identity.files.privateKey,
            'IDENTITY_MISSING',
            'a private key of the run folder',
            RUN_FOLDER_REMEDY,
        ).toString('utf8'),
        mspIds: identity.mspIds,
    });
}
