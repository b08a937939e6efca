import { existsSync, readFileSync } from 'node:fs';

import { connectGateway, type GatewayConnection } from '@spindle/client';
import {
    type GatewayProfile,
    type IdentityFiles,
    type NetworkContext,
    down,
    gatewayProfileFile,
    loadContext,
    readGatewayProfile,
    status,
    up,
} from '@spindle/network';

/** The network the real-network suites run against, and whether they must stop it afterwards. */
export interface TestNetwork {
    ctx: NetworkContext;
    startedByTests: boolean;
    /** True when the run folder did not exist before, so stopping also wipes it. */
    createdRunDir: boolean;
}

let current: TestNetwork | undefined;

/**
 * Reuses a healthy network or brings one up; called once by the suite's root hook. `up` runs
 * either way: on a running network it only upgrades the chaincode if the code changed since,
 * so the suites always test the code they were built with.
 */
export async function ensureNetwork(): Promise<TestNetwork> {
    if (current) {
        return current;
    }
    const ctx = loadContext();
    const running = (await status(ctx)).healthy;
    current = { ctx, startedByTests: !running, createdRunDir: !existsSync(ctx.paths.runDir) };
    await up(ctx);
    return current;
}

/** Stops the network if the suite started it, leaving a reused one running. */
export async function releaseNetwork(): Promise<void> {
    if (current?.startedByTests) {
        const outcome = await down(current.ctx, { wipe: current.createdRunDir });
        if (outcome.portsStillTaken.length > 0) {
            throw new Error(`ports still taken after down: ${outcome.portsStillTaken.join(', ')}`);
        }
    }
    current = undefined;
}

/** The network the suite runs against. */
export function testNetwork(): TestNetwork {
    if (!current) {
        throw new Error('the network is not up: the root hook in test/integration/hooks.ts did not run');
    }
    return current;
}

/** A mill's gateway profile, as `up` wrote it. */
export function profileOf(millName: string): GatewayProfile {
    const { ctx } = testNetwork();
    const mill = ctx.config.mills.find((candidate) => candidate.name === millName);
    if (!mill) {
        throw new Error(`no mill ${millName}`);
    }
    return readGatewayProfile(gatewayProfileFile(ctx, mill));
}

/** The operator identity the local network's `up` enrolled for a mill, which its profile names. */
export function operatorOf(profile: GatewayProfile): IdentityFiles {
    const { operator } = profile.identities;
    if (!operator) {
        throw new Error(`the profile of ${profile.mill} names no operator`);
    }
    return operator;
}

/** Connects to a mill's peer as its operator, or as one of its machines. */
export function connectAs(millName: string, machineId?: string): GatewayConnection {
    const profile = profileOf(millName);
    const identity = machineId ? profile.identities.machines[machineId] : profile.identities.operator;
    if (!identity) {
        throw new Error(`${millName} has no machine ${machineId ?? ''}`);
    }
    return connectGateway({
        peerEndpoint: profile.peerEndpoint,
        tlsRootCertificate: profile.tlsRootCertificate,
        tlsServerName: profile.tlsServerName,
        mspId: profile.mspId,
        certificatePem: readFileSync(identity.certificate, 'utf8'),
        privateKeyPem: readFileSync(identity.privateKey, 'utf8'),
    });
}
