import { type LineType, upstreamOf } from './line-profile';

/** What routing needs of a machine: its mill and its type. */
export interface RoutedMachine {
    mspId: string;
    type: LineType;
}

/**
 * The index of the machine that takes `index`'s uploads and sends it its orders: the next machine
 * of the same mill in the fleet (wrapping round), as process data goes down a mill's own line;
 * another mill's machine only when the mill has no second machine in the fleet.
 *
 * @throws Error CONFIG_INVALID when the fleet has fewer than two machines.
 */
export function neighbourOf(index: number, fleet: readonly RoutedMachine[]): number {
    const own = fleet[index];
    if (own === undefined || fleet.length < 2) {
        throw new Error(`CONFIG_INVALID: machine ${index} of a fleet of ${fleet.length} has no neighbour`);
    }
    for (let step = 1; step < fleet.length; step += 1) {
        const candidate = (index + step) % fleet.length;
        if (fleet[candidate]?.mspId === own.mspId) {
            return candidate;
        }
    }
    return (index + 1) % fleet.length;
}

/**
 * The responder a requester asks about its material (the 9-step flow): a machine of its upstream
 * type in another mill (a supplier mill), else of that type in its own, else any responder of
 * another mill; undefined when the requester asks nothing (the blow room) or there is nobody.
 * Among equals the first is taken, so a requester always asks the same one.
 */
export function responderOf<T extends RoutedMachine>(
    requester: RoutedMachine,
    responders: readonly T[],
): T | undefined {
    const upstream: LineType | undefined = upstreamOf(requester.type);
    if (upstream === undefined) {
        return undefined;
    }
    const otherMill = (candidate: T) => candidate.mspId !== requester.mspId;
    const ofType = (candidate: T) => candidate.type === upstream;
    return (
        responders.find((candidate) => ofType(candidate) && otherMill(candidate)) ??
        responders.find(ofType) ??
        responders.find(otherMill)
    );
}
