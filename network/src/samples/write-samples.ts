import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

import { stageStandaloneChaincode } from '../chaincode/chaincode';
import { collectionsConfig } from '../chaincode/collections';
import { majorityOfPeers, toPolicyText } from '../chaincode/endorsement-policy';
import type { NetworkContext } from '../core/context';
import { NetworkError } from '../core/errors';
import type { GatewayProfile } from '../profiles/gateway-profile';
import { type DeployPlan, dockerDeployScript, nanoBashDeployScript } from './deploy-scripts';
import { type FoundNetwork, type TestNetworkKind, findTestNetwork } from './found-network';
import { type MillMapping, mapMills } from './mill-mapping';

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
        chaincode: z.string(),
    })
    .strict();

/** What `samples` wrote for the Fabric samples' test network. */
export interface SamplesOutcome {
    kind: TestNetworkKind;
    chaincodeDir: string;
    collectionsFile: string;
    /** The script that deploys the chaincode with Spindle's policy: `network.sh deployCCAAS`, or nano-bash's peer admins. */
    deployScript: string;
    /** The chaincode endorsement policy it commits: a majority of the mapped organisations' peers. */
    endorsementPolicy: string;
    profiles: string[];
    mspIdOfMill: Record<string, string>;
    leftOut: MillMapping['leftOut'];
}

/**
 * Writes what a mill needs to run Spindle on a Fabric samples' test network, read from the
 * folder it is in (`findTestNetwork`): the chaincode folder (with a Dockerfile for the Docker
 * network's `deployCCAAS`), the collections config with the mills mapped onto the network's
 * organisations (`requestedMapping`, else the defaults of organizations.json that the network
 * has), a gateway profile per mapped organisation from the network's own endpoints, certificate
 * names and CAs, and a deploy script that commits Spindle's own endorsement policy, a majority
 * of the mapped organisations' peers: the samples' channel default is any one organisation,
 * which would let one mill commit alone. The folder is also a run folder for `spindle --run-dir`.
 *
 * @throws NetworkError CONFIG_INVALID for a mapping the network cannot take, or a network not found.
 */
export async function writeSamplesDeployment(
    ctx: NetworkContext,
    outDir: string,
    testNetworkDir: string,
    requestedMapping?: Readonly<Record<string, string>>,
): Promise<SamplesOutcome> {
    const configDir = join(ctx.paths.repoRoot, 'test-network-config', 'fabric-samples');
    const parsed = organizationsSchema.safeParse(
        JSON.parse(readFileSync(join(configDir, 'organizations.json'), 'utf8')),
    );
    if (!parsed.success) {
        throw new NetworkError('CONFIG_INVALID', `fabric-samples/organizations.json: ${parsed.error.message}`);
    }
    const defaults = parsed.data;
    const network = findTestNetwork(testNetworkDir, defaults.organizations);
    const mapping = mapMills(
        ctx.consortium.mills.map((mill) => mill.name),
        network.organizations.map((org) => org.mspId),
        defaults.mills,
        requestedMapping,
    );
    const mspIdOf = (millName: string): string => {
        const mspId = mapping.mspIdOfMill[millName];
        if (!mspId) {
            throw new NetworkError('CONFIG_INVALID', `mill ${millName} is not deployed on this test network`);
        }
        return mspId;
    };
    const deployed = { mills: ctx.consortium.mills.filter((mill) => mill.name in mapping.mspIdOfMill) };

    const out = resolve(outDir);
    const chaincodeDir = join(out, 'chaincode');
    mkdirSync(chaincodeDir, { recursive: true });
    await stageStandaloneChaincode(ctx, chaincodeDir);
    mapChaincodeConsortium(join(chaincodeDir, 'dist', 'consortium.json'), mapping.mspIdOfMill);
    if (network.kind === 'docker') {
        copyFileSync(join(configDir, 'Dockerfile'), join(chaincodeDir, 'Dockerfile'));
    }

    const collectionsFile = join(out, 'collections-config.json');
    writeFileSync(collectionsFile, JSON.stringify(collectionsConfig(deployed, mspIdOf), null, 2));

    const mspIds = deployed.mills.map((mill) => mspIdOf(mill.name));
    // Compact: the samples' scripts pass -ccep on unquoted, so a space would split the policy.
    const endorsementPolicy = toPolicyText(majorityOfPeers(mspIds), { compact: true });
    const plan: DeployPlan = {
        network,
        chaincodeName: defaults.chaincode,
        chaincodeDir,
        collectionsFile,
        endorsementPolicy,
        mspIds,
        outDir: out,
    };
    const deployScript = join(out, 'deploy-chaincode.sh');
    writeFileSync(deployScript, network.kind === 'docker' ? dockerDeployScript(plan) : nanoBashDeployScript(plan));
    chmodSync(deployScript, 0o755);

    const profiles = writeProfiles(network, mapping, defaults.chaincode, join(out, 'gateway'));
    return {
        kind: network.kind,
        chaincodeDir,
        collectionsFile,
        deployScript,
        endorsementPolicy,
        profiles,
        mspIdOfMill: mapping.mspIdOfMill,
        leftOut: mapping.leftOut,
    };
}

/** One gateway profile per mapped organisation, from what the network itself has. */
function writeProfiles(network: FoundNetwork, mapping: MillMapping, chaincode: string, dir: string): string[] {
    mkdirSync(dir, { recursive: true });
    return Object.entries(mapping.mspIdOfMill).map(([mill, mspId]) => {
        const org = network.organizations.find((candidate) => candidate.mspId === mspId);
        if (!org) {
            throw new NetworkError('CONFIG_INVALID', `the test network has no ${mspId}`);
        }
        const profile: GatewayProfile = {
            mill,
            mspId,
            peerEndpoint: org.peerEndpoint,
            tlsRootCertificate: org.tlsRootCertificate,
            ...(org.tlsServerName === undefined ? {} : { tlsServerName: org.tlsServerName }),
            ...(org.ca === undefined
                ? {}
                : { caUrl: org.ca.url, caName: org.ca.name, caCertificate: org.ca.certificate }),
            channel: network.channel,
            chaincode,
            // The Docker network's Admin and User1 serve as before; on nano-bash, Spindle's own
            // admin and operator come from `spindle identity enroll` (the network's carry no spindle.role).
            identities:
                network.kind === 'docker' ? { admin: org.admin, operator: org.user, machines: {} } : { machines: {} },
        };
        const file = join(dir, `${mspId.replace(/MSP$/, '').toLowerCase()}.json`);
        writeFileSync(file, JSON.stringify(profile, null, 2));
        return file;
    });
}

/**
 * Rewrites the staged chaincode's consortium manifest for the organisations the mills run as on
 * the other network, keeping only the deployed mills, so its key-level policies and machine ID
 * namespaces name Org1MSP, Org2MSP... and its majority counts the deployed mills.
 */
function mapChaincodeConsortium(file: string, mspIdOfMill: Readonly<Record<string, string>>): void {
    const manifest = z
        .object({ mills: z.array(z.object({ name: z.string(), mspId: z.string() }).passthrough()) })
        .passthrough()
        .parse(JSON.parse(readFileSync(file, 'utf8')));
    const mills = manifest.mills
        .filter((mill) => mill.name in mspIdOfMill)
        .map((mill) => ({ ...mill, mspId: mspIdOfMill[mill.name] ?? mill.mspId }));
    writeFileSync(file, `${JSON.stringify({ ...manifest, mills }, null, 2)}\n`);
}
