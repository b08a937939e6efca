import { join } from 'node:path';
import {
    COMMUNICATION_TRANSACTIONS,
    CONTRACT_NAMES,
    TRANSIENT_PACKETS,
    qualifiedName,
    toCanonicalBytes,
} from '@spindle/chaincode/protocol';
import { SpindleGateway, endorsingOrganizationsFor, newPeerClient, readProfiles } from '@spindle/client';
import { ROLE_ATTRIBUTE, eachLimited, enrollIdentity } from '@spindle/network';

import type { BenchContext } from '../bench-context';
import { submitOnce } from '../recorded-submit';
import type { BatchSubmit } from './batching-sender';
import { packetOf } from './delivery-sender';

const SEND_BATCH = qualifiedName(CONTRACT_NAMES.communication, COMMUNICATION_TRANSACTIONS.sendBatch);

/** The label of the bench's edge identity at every mill's fabric-ca. */
const EDGE_LABEL = 'bench-edge';

/** One edge box per mill, and the batch submit that sends through it. */
export interface MillEdges {
    submit: BatchSubmit;
    close(): void;
}

/**
 * Enrolls (once per run folder) an edge identity (`spindle.role=edge`) at each mill's fabric-ca
 * and opens a gateway session for it: the edge box that carries its mill's machines' packets in
 * one `Communication:sendBatch` (scope `mill`). Each packet is still built and signed by its own
 * machine; the edge only submits. A batch is endorsed by its mill, its receivers' mills and
 * enough others for a majority, submitted once (MVCC conflicts show as outcomes).
 *
 * @throws Error CONFIG_INVALID when a mill has no gateway profile; the CA's error when enrollment fails.
 */
export async function openMillEdges(context: BenchContext, chaincode: string): Promise<MillEdges> {
    const profiles = readProfiles(context.network.paths.runDir);
    const mspIds = profiles.map((profile) => profile.mspId);
    const gateways = new Map<string, SpindleGateway>();
    const clients: { close(): void }[] = [];
    const mills = context.network.config.mills.filter((mill) => mspIds.includes(mill.mspId));
    try {
        await eachLimited(mills, 3, async (mill) => {
            const profile = profiles.find((candidate) => candidate.mspId === mill.mspId);
            if (profile === undefined) {
                throw new Error(`CONFIG_INVALID: no gateway profile for ${mill.mspId}`);
            }
            const enrolled = await enrollIdentity(
                context.network,
                mill,
                { name: EDGE_LABEL, type: 'client', attributes: { [ROLE_ATTRIBUTE]: 'edge' } },
                join(context.network.paths.runDir, 'bench-enrolled', `${EDGE_LABEL}-${mill.mspId}`),
            );
            const client = newPeerClient(profile.peerEndpoint, profile.tlsRootCertificate);
            clients.push(client);
            gateways.set(
                mill.mspId,
                SpindleGateway.open({
                    peerEndpoint: profile.peerEndpoint,
                    tlsRootCertificate: profile.tlsRootCertificate,
                    channel: profile.channel,
                    chaincode: profile.chaincode,
                    mspId: enrolled.mspId,
                    certificatePem: enrolled.certificatePem,
                    privateKeyPem: enrolled.privateKeyPem,
                    mspIds,
                    client,
                }),
            );
        });
    } catch (error) {
        closeAll(gateways, clients);
        throw error;
    }
    return {
        async submit(deliveries) {
            const first = deliveries[0];
            if (first === undefined) {
                return 'VALID';
            }
            const edge = gateways.get(first.sender.mspId);
            if (edge === undefined || deliveries.some((delivery) => delivery.sender.mspId !== first.sender.mspId)) {
                throw new Error(`CONFIG_INVALID: a mill batch holds packets of ${first.sender.mspId}'s machines only`);
            }
            const involved = [first.sender.mspId, ...deliveries.map((delivery) => delivery.receiver.mspId)];
            return submitOnce(edge.network.getContract(chaincode), SEND_BATCH, {
                transientData: { [TRANSIENT_PACKETS]: toCanonicalBytes(deliveries.map(packetOf)) },
                endorsingOrganizations: endorsingOrganizationsFor([...new Set(involved)], mspIds),
            });
        },
        close() {
            closeAll(gateways, clients);
        },
    };
}

function closeAll(gateways: Map<string, SpindleGateway>, clients: readonly { close(): void }[]): void {
    for (const gateway of gateways.values()) {
        gateway.close();
    }
    for (const client of clients) {
        client.close();
    }
}
