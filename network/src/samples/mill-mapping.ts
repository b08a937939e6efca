import { NetworkError } from '../core/errors';

/** Which organisation of the other network hosts each deployed mill; mills left out are not deployed. */
export interface MillMapping {
    /** Mill name to MSP ID, in the consortium manifest's order. */
    mspIdOfMill: Record<string, string>;
    /** Mills not deployed, each with the reason. */
    leftOut: { mill: string; reason: string }[];
}

/**
 * Parses the `--orgs` option: `MillA=Org1MSP,MillB=Org2MSP`.
 *
 * @throws NetworkError CONFIG_INVALID for an entry that is not `<mill>=<MSP ID>` or a mill named twice.
 */
export function parseMillMappingOption(text: string): Record<string, string> {
    const mapping: Record<string, string> = {};
    for (const entry of text
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '')) {
        const match = /^([A-Za-z0-9-]{1,32})=([A-Za-z0-9.-]{1,64})$/.exec(entry);
        if (!match?.[1] || !match[2]) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `--orgs entry "${entry}" is not <mill>=<MSP ID>, e.g. MillA=Org1MSP`,
            );
        }
        if (match[1] in mapping) {
            throw new NetworkError('CONFIG_INVALID', `--orgs names ${match[1]} twice`);
        }
        mapping[match[1]] = match[2];
    }
    return mapping;
}

/**
 * Maps the consortium's mills onto the organisations the found network has. The user's mapping
 * (`--orgs`) deploys exactly the mills it names; without it, each mill goes to its default
 * organisation when the network has it, and is left out when not (nano-bash has no Org3MSP).
 * Each organisation hosts at most one mill: the chaincode binds each machine ID namespace to one
 * MSP, and each mill's private area is the collection `mill-<MSP ID>`.
 *
 * @throws NetworkError CONFIG_INVALID for an unknown mill, an organisation the network does not
 * have, an organisation given two mills, or no mill at all.
 */
export function mapMills(
    millNames: readonly string[],
    networkMspIds: readonly string[],
    defaults: Readonly<Record<string, string>>,
    requested?: Readonly<Record<string, string>>,
): MillMapping {
    for (const [mill, mspId] of Object.entries(requested ?? {})) {
        if (!millNames.includes(mill)) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `--orgs names ${mill}, which is not a mill of the consortium (${millNames.join(', ')})`,
            );
        }
        if (!networkMspIds.includes(mspId)) {
            throw new NetworkError(
                'CONFIG_INVALID',
                `--orgs maps ${mill} onto ${mspId}, which the test network does not have (${networkMspIds.join(', ')})`,
            );
        }
    }
    const mspIdOfMill: Record<string, string> = {};
    const leftOut: MillMapping['leftOut'] = [];
    for (const mill of millNames) {
        const mspId = requested === undefined ? defaults[mill] : requested[mill];
        if (mspId === undefined) {
            leftOut.push({ mill, reason: requested === undefined ? 'no default organisation' : 'not in --orgs' });
        } else if (!networkMspIds.includes(mspId)) {
            leftOut.push({ mill, reason: `its default organisation ${mspId} is not in the test network` });
        } else {
            const taken = Object.keys(mspIdOfMill).find((other) => mspIdOfMill[other] === mspId);
            if (taken !== undefined) {
                throw new NetworkError(
                    'CONFIG_INVALID',
                    `${taken} and ${mill} both map onto ${mspId}: an organisation hosts one mill`,
                );
            }
            mspIdOfMill[mill] = mspId;
        }
    }
    if (Object.keys(mspIdOfMill).length === 0) {
        throw new NetworkError(
            'CONFIG_INVALID',
            `no mill maps onto an organisation of the test network (${networkMspIds.join(', ')}); say which with --orgs`,
        );
    }
    return { mspIdOfMill, leftOut };
}
