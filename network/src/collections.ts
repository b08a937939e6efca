import type { Consortium } from './config';

/** One entry of a Fabric collections config file, as `peer lifecycle chaincode approveformyorg` reads it. */
export interface CollectionDefinition {
    name: string;
    policy: string;
    requiredPeerCount: number;
    maxPeerCount: number;
    blockToLive: number;
    memberOnlyRead: boolean;
    memberOnlyWrite: boolean;
    endorsementPolicy: { signaturePolicy: string };
}

/** The private data collection that holds machine `machineId`'s inbox, outbox and chain. */
export function collectionName(machineId: string): string {
    return `machine-${machineId}`;
}

/**
 * Builds the collections config from the consortium manifest: one collection per machine,
 * held by its mill's peers only (memberOnlyRead), writable by other mills' machines (a sender
 * delivers into the receiver's inbox) but only with the owning mill's endorsement.
 *
 * `mspIdOf` maps a mill to the MSP that hosts it, so the same manifest also serves the Fabric
 * samples' test network, where mills run as Org1MSP, Org2MSP, ...
 */
export function collectionsConfig(
    consortium: Consortium,
    mspIdOf: (millName: string, mspId: string) => string = (_name, mspId) => mspId,
): CollectionDefinition[] {
    return consortium.mills.flatMap((mill) => {
        const mspId = mspIdOf(mill.name, mill.mspId);
        return mill.machines.map((machine) => ({
            name: collectionName(machine.id),
            policy: `OR('${mspId}.member')`,
            // One peer per mill here; a mill with more peers still commits without waiting for them.
            requiredPeerCount: 0,
            maxPeerCount: 1,
            blockToLive: 0,
            memberOnlyRead: true,
            memberOnlyWrite: false,
            endorsementPolicy: { signaturePolicy: `OR('${mspId}.peer')` },
        }));
    });
}
