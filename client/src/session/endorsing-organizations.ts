import { GatewayError } from '@hyperledger/fabric-gateway';
import { millCollectionName } from '@spindle/chaincode/protocol';

/**
 * The gateway refuses to pick endorsers itself when a transaction carries transient data and
 * writes collections that some endorsing mill is not a member of (a delivery into another
 * mill's machine); it names those collections and asks for trusted endorsing organisations.
 */
const UNTRUSTED_COLLECTIONS = /not in the distribution policy of the private data collection\(s\): \[([^\]]*)\]/;

/** How a mill collection's name starts; the rest is its owner's MSP ID. */
const MILL_COLLECTION_PREFIX = millCollectionName('');

/** The MSP ID that owns a mill collection `mill-<MSP ID>`; undefined for any other collection. */
export function ownerOfMillCollection(collection: string): string | undefined {
    return collection.startsWith(MILL_COLLECTION_PREFIX) ? collection.slice(MILL_COLLECTION_PREFIX.length) : undefined;
}

/** The collections a gateway named when it asked for trusted endorsing organisations, if it did. */
export function collectionsNeedingTrustedEndorsers(error: unknown): string[] | undefined {
    if (!(error instanceof GatewayError)) {
        return undefined;
    }
    const match = UNTRUSTED_COLLECTIONS.exec([error.message, ...error.details.map((d) => d.message)].join(' '));
    return match?.[1]?.split(/\s+/).filter((name) => name.length > 0);
}

/**
 * The organisations to endorse a transaction that writes the given mills' collections: every
 * owning mill (each collection's own endorsement policy), then further mills in the given
 * order until a majority of all mills has endorsed (the chaincode's policy for public writes).
 * The extra mills see only the ciphertext that travels in the transient map.
 */
export function endorsingOrganizationsFor(owners: readonly string[], allMspIds: readonly string[]): string[] {
    const chosen = [...new Set(owners)];
    const majority = Math.floor(allMspIds.length / 2) + 1;
    for (const mspId of allMspIds) {
        if (chosen.length >= majority) {
            break;
        }
        if (!chosen.includes(mspId)) {
            chosen.push(mspId);
        }
    }
    return chosen;
}
