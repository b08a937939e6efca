import { SpindleError } from '@spindle/client';

import { connectAs, testNetwork } from '../../support/local-network';
import type { LoadItem, LoadOutcome } from './load';

/** `count` private writes, `Probe:putPrivate` into the area of `machineId` with the value as transient data, under keys `<prefix>-<n>`. */
export function privatePuts(prefix: string, machineId: string, count: number): LoadItem[] {
    return Array.from({ length: count }, (_, index) => {
        const key = `${prefix}-${String(index)}`;
        return {
            key,
            transaction: 'Probe:putPrivate',
            options: { args: [machineId, key], transient: { value: Buffer.from(valueOf(key)) } },
        };
    });
}

/** The value a private write of `key` carries, so a reader can tell it is the one written. */
export function valueOf(key: string): string {
    return `quality of ${key}`;
}

/**
 * Reads every private key of a load on a member mill's own peer: a committed write must
 * resolve to its value (the peer holds the data behind the hash on chain), a failed one must
 * be absent. Returns the keys where that does not hold.
 */
export async function privateMismatches(
    memberMill: string,
    machineId: string,
    outcome: LoadOutcome,
): Promise<string[]> {
    const connection = connectAs(memberMill);
    const { config } = testNetwork().ctx;
    const contract = connection.gateway.getNetwork(config.channel).getContract(config.chaincode.name, 'Probe');
    const read = (key: string) =>
        contract.evaluateTransaction('getPrivate', machineId, key).then(
            (bytes) => Buffer.from(bytes).toString('utf8'),
            () => undefined,
        );
    try {
        const mismatches: string[] = [];
        for (const key of outcome.committed.keys()) {
            if ((await read(key)) !== valueOf(key)) {
                mismatches.push(key);
            }
        }
        for (const [key, error] of outcome.failed) {
            if (!(error instanceof SpindleError) || (await read(key)) !== undefined) {
                mismatches.push(key);
            }
        }
        return mismatches;
    } finally {
        connection.close();
    }
}
