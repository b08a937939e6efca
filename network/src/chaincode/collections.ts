import { machineCollectionName, millCollectionName, type PrivateAreaLayout } from '@spindle/chaincode/protocol';
import type { Consortium } from '../core/config';
import { type SignaturePolicyTree, toPolicyText } from './endorsement-policy';

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

/**
 * The endorsement policy of a collection one mill owns: its peer AND peers of enough other mills
 * to make a majority with it, as Fabric's policy language. A collection's endorsement policy
 * replaces the chaincode's for the collection's keys, so it must keep the majority itself; Fabric
 * counts each signature for one principal only, hence AND(owner, OutOf(k, others)).
 */
export function ownerAndMajorityPolicy(ownerMspId: string, allMspIds: readonly string[]): string {
    const peer = (mspId: string): SignaturePolicyTree => ({ signedBy: { mspId, role: 'peer' } });
    const others = allMspIds.filter((mspId) => mspId !== ownerMspId);
    const majority = Math.floor(allMspIds.length / 2) + 1;
    if (majority <= 1 || others.length === 0) {
        return toPolicyText({ outOf: 1, rules: [peer(ownerMspId)] });
    }
    return toPolicyText({
        outOf: 2,
        rules: [peer(ownerMspId), { outOf: majority - 1, rules: others.map(peer) }],
    });
}

/**
 * Builds the collections config from the consortium manifest. In the `mill` layout (the default),
 * one collection per mill holds the private areas of all its machines, so the configuration, and
 * what Fabric reads of it on every transaction, does not grow with the machines, and a mill adds
 * a machine without a new definition. In the `machine` layout of earlier releases, one per
 * machine. Either way a collection is held by its mill's peers only (memberOnlyRead), writable by
 * other mills' machines (a sender delivers into the receiver's inbox) but only with the owning
 * mill's endorsement and a majority.
 *
 * `mspIdOf` maps a mill to the MSP that hosts it, so the same manifest also serves the Fabric
 * samples' test network, where mills run as Org1MSP, Org2MSP, ...
 */
export function collectionsConfig(
    consortium: Consortium,
    mspIdOf: (millName: string, mspId: string) => string = (_name, mspId) => mspId,
    layout: PrivateAreaLayout = 'mill',
): CollectionDefinition[] {
    const allMspIds = consortium.mills.map((mill) => mspIdOf(mill.name, mill.mspId));
    return consortium.mills.flatMap((mill) => {
        const mspId = mspIdOf(mill.name, mill.mspId);
        const names =
            layout === 'mill'
                ? [millCollectionName(mspId)]
                : mill.machines.map((machine) => machineCollectionName(machine.id));
        return names.map((name) => ({
            name,
            policy: `OR('${mspId}.member')`,
            // One peer per mill here; a mill with more peers still commits without waiting for them.
            requiredPeerCount: 0,
            maxPeerCount: 1,
            blockToLive: 0,
            memberOnlyRead: true,
            memberOnlyWrite: false,
            endorsementPolicy: { signaturePolicy: ownerAndMajorityPolicy(mspId, allMspIds) },
        }));
    });
}

/** The MSP IDs a collection's member policy names, e.g. `MillAMSP` of `OR('MillAMSP.member')`. */
export function memberMspIds(collection: CollectionDefinition): string[] {
    return [...collection.policy.matchAll(/'([A-Za-z0-9.-]+)\.(?:member|peer|admin|client)'/g)].map(
        (match) => match[1] ?? '',
    );
}

/**
 * A committed collection as the next definition keeps it. Fabric never lets a definition drop a
 * collection, and refuses one whose member policy names an MSP no longer in the channel
 * ("collection member ... is not part of the channel"): so the collection of a mill that left
 * stays, frozen. Its member policy names the channel's mills (Fabric needs one of them), none of
 * whose peers holds its data or receives any (maxPeerCount 0); its endorsement policy still
 * demands the departed mill's peer, so nothing can be written to it again. Its data stays on the
 * departed mill's own peers, which the channel no longer serves.
 */
export function retainedCollection(
    collection: CollectionDefinition,
    channelMspIds: readonly string[],
): CollectionDefinition {
    if (memberMspIds(collection).every((mspId) => channelMspIds.includes(mspId))) {
        return collection;
    }
    return {
        ...collection,
        policy: `OR(${channelMspIds.map((mspId) => `'${mspId}.member'`).join(', ')})`,
        requiredPeerCount: 0,
        maxPeerCount: 0,
        memberOnlyRead: true,
        memberOnlyWrite: true,
    };
}
