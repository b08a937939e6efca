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

/** The private key of block `seq` inside a machine's collection. */
export function blockKey(seq: number): string {
    return compositeKey('block', String(seq).padStart(12, '0'));
}

/** The private key of a machine's chain head. */
export const CHAIN_HEAD_KEY = compositeKey('chain-head');

/** The private key of an inbox entry. */
export function inboxKey(messageId: string): string {
    return compositeKey('inbox', messageId);
}

/** The public key of a message record. */
export function messageKey(messageId: string): string {
    return compositeKey('message', messageId);
}

/** A machine's private data collection. */
export function collectionOf(machineId: string): string {
    return `machine-${machineId}`;
}
