import { type MillConfig, loadContext } from '@spindle/network/client-support';

import { SpindleError } from '../errors/spindle-error';

/**
 * A mill of the network configuration by its name (`MillA`) or MSP ID (`MillAMSP`).
 *
 * @throws SpindleError INVALID_ARGUMENT for a mill the configuration does not have.
 */
export function millByNameOrMspId(nameOrMspId: string): MillConfig {
    const mill = loadContext().config.mills.find(
        (candidate) => candidate.name === nameOrMspId || candidate.mspId === nameOrMspId,
    );
    if (!mill) {
        throw new SpindleError('INVALID_ARGUMENT', `no mill ${nameOrMspId} in the network configuration`);
    }
    return mill;
}
