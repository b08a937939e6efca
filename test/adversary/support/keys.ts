import { millCollectionName, millOfMachineId } from '@spindle/chaincode/protocol';

/**
 * Spindle's keys as Fabric encodes composite keys (`\u0000type\u0000attr\u0000...`), written
 * here from chaincode/src/ledger/object-types.ts, so an attacker's rwset names the real keys.
 */
export function compositeKey(type: string, ...attributes: string[]): string {
    return `\u0000${[type, ...attributes].map((part) => `${part}\u0000`).join('')}`;
}

/** The public key of a machine record. */
export function machineKey(machineId: string): string {
    return compositeKey('machine', machineId);
}

/** A machine's status index key. */
export function machineByStatusKey(status: string, machineId: string): string {
    return compositeKey('machine-by-status', status, machineId);
}

/** The private key of block `seq` of a machine's area, inside its mill's collection. */
export function blockKey(machineId: string, seq: number): string {
    return compositeKey('block', machineId, String(seq).padStart(12, '0'));
}

/** The private key of a machine's chain head. */
export const CHAIN_HEAD_KEY = compositeKey('chain-head');

/** The private key of an inbox entry of a machine's area, inside its mill's collection. */
export function inboxKey(machineId: string, messageId: string): string {
    return compositeKey('inbox', machineId, messageId);
}

/** The public key of a message record. */
export function messageKey(messageId: string): string {
    return compositeKey('message', messageId);
}

/** The private data collection of a machine's area: its mill's, named by the ID's suffix. */
export function collectionOf(machineId: string): string {
    const mill = millOfMachineId(machineId);
    if (mill === undefined) {
        throw new Error(`${machineId} is in no mill's namespace`);
    }
    return millCollectionName(mill.mspId);
}
