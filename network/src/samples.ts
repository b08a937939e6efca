import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

import { stageStandaloneChaincode } from './chaincode';
import { collectionsConfig } from './collections';
import type { NetworkContext } from './context';
import { NetworkError } from './errors';
import type { GatewayProfile } from './gateway-profile';

const organizationsSchema = z
    .object({
        description: z.string().optional(),
        mills: z.record(z.string()),
        organizations: z.array(
            z
                .object({
                    mspId: z.string(),
                    domain: z.string(),
                    peerPort: z.number().int(),
                    caPort: z.number().int(),
                    caName: z.string(),
                })
                .strict(),
        ),
        channel: z.string(),
        chaincode: z.string(),
    })
    .strict();

/** What `samples` wrote for the Fabric samples' test network. */
export interface SamplesOutcome {
    chaincodeDir: string;
    collectionsFile: string;
    profiles: string[];
    mspIdOfMill: Record<string, string>;
}

/**
 * Writes what a mill needs to run Spindle on the Fabric samples' test network (Docker,
 * Org1/Org2, Org3 with addOrg3): a chaincode folder with its Dockerfile for `network.sh
 * deployCCAAS`, the collections config from the consortium manifest with mills mapped onto
 * the samples' organisations, and a gateway profile per organisation.
 *
 * @throws NetworkError CONFIG_INVALID when a mill has no organisation in the mapping.
 */
export async function writeSamplesDeployment(
    ctx: NetworkContext,
    outDir: string,
    testNetworkDir: string,
): Promise<SamplesOutcome> {
    const configDir = join(ctx.paths.repoRoot, 'test-network-config', 'fabric-samples');
    const parsed = organizationsSchema.safeParse(
        JSON.parse(readFileSync(join(configDir, 'organizations.json'), 'utf8')),
    );
    if (!parsed.success) {
        throw new NetworkError('CONFIG_INVALID', `fabric-samples/organizations.json: ${parsed.error.message}`);
    }
    const mapping = parsed.data;
    const mspIdOf = (millName: string): string => {
        const mspId = mapping.mills[millName];
        if (!mspId) {
            throw new NetworkError('CONFIG_INVALID', `mill ${millName} has no organisation in organizations.json`);
        }
        return mspId;
    };

    const out = resolve(outDir);
    const chaincodeDir = join(out, 'chaincode');
    mkdirSync(chaincodeDir, { recursive: true });
    await stageStandaloneChaincode(ctx, chaincodeDir);
    mapChaincodeConsortium(join(chaincodeDir, 'dist', 'consortium.json'), mspIdOf);
    copyFileSync(join(configDir, 'Dockerfile'), join(chaincodeDir, 'Dockerfile'));

    const collectionsFile = join(out, 'collections-config.json');
    writeFileSync(collectionsFile, JSON.stringify(collectionsConfig(ctx.consortium, mspIdOf), null, 2));

    const network = resolve(testNetworkDir);
    const profiles = mapping.organizations.map((org) => {
        const orgDir = join(network, 'organizations', 'peerOrganizations', org.domain);
        const user = (name: string) => {
            const msp = join(orgDir, 'users', `${name}@${org.domain}`, 'msp');
            return {
                certificate: join(msp, 'signcerts', `${name}@${org.domain}-cert.pem`),
                privateKey: join(msp, 'keystore', 'priv_sk'),
            };
        };
        const profile: GatewayProfile = {
            mill: Object.keys(mapping.mills).find((mill) => mapping.mills[mill] === org.mspId) ?? org.mspId,
            mspId: org.mspId,
            peerEndpoint: `localhost:${org.peerPort}`,
            tlsRootCertificate: join(orgDir, 'peers', `peer0.${org.domain}`, 'tls', 'ca.crt'),
            caUrl: `https://localhost:${org.caPort}`,
            caName: org.caName,
            caCertificate: join(network, 'organizations', 'fabric-ca', org.domain.split('.')[0] ?? '', 'ca-cert.pem'),
            channel: mapping.channel,
            chaincode: mapping.chaincode,
            identities: { admin: user('Admin'), operator: user('User1'), machines: {} },
        };
        const file = join(out, 'gateway', `${org.mspId.replace(/MSP$/, '').toLowerCase()}.json`);
        mkdirSync(join(out, 'gateway'), { recursive: true });
        writeFileSync(file, JSON.stringify(profile, null, 2));
        return file;
    });
    return {
        chaincodeDir,
        collectionsFile,
        profiles,
        mspIdOfMill: Object.fromEntries(ctx.consortium.mills.map((mill) => [mill.name, mspIdOf(mill.name)])),
    };
}

/**
 * Rewrites the staged chaincode's consortium manifest for the organisations the mills run as on
 * the other network, so its key-level policies and machine ID namespaces name Org1MSP, Org2MSP...
 */
function mapChaincodeConsortium(file: string, mspIdOf: (millName: string) => string): void {
    const manifest = z
        .object({ mills: z.array(z.object({ name: z.string(), mspId: z.string() }).passthrough()) })
        .passthrough()
        .parse(JSON.parse(readFileSync(file, 'utf8')));
    const mills = manifest.mills.map((mill) => ({ ...mill, mspId: mspIdOf(mill.name) }));
    writeFileSync(file, `${JSON.stringify({ ...manifest, mills }, null, 2)}\n`);
}
