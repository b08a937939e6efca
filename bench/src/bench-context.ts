import type { Contract } from '@hyperledger/fabric-gateway';
import { IdentityDirectory, type SpindleGateway } from '@spindle/client';
import { type NetworkContext, loadContext } from '@spindle/network';

/** What every workload shares: the network's description, the identities, one admin session per mill. */
export interface BenchContext {
    network: NetworkContext;
    identities: IdentityDirectory;
    /** MillA's admin: the session the public workloads submit through. */
    admin: SpindleGateway;
    /** The Spindle chaincode through the admin's session, for submits the harness times itself. */
    contract: Contract;
    /** A prefix that makes this run's keys new, so no workload reads another run's writes. */
    runId: string;
}

/** Opens the bench's sessions on the running local network. */
export async function openBenchContext(): Promise<BenchContext> {
    const network = loadContext();
    const identities = new IdentityDirectory(network.paths.runDir);
    const admin = await identities.open('milla-admin');
    return {
        network,
        identities,
        admin,
        contract: admin.network.getContract(network.config.chaincode.name),
        runId: `b${Date.now().toString(36)}`,
    };
}
