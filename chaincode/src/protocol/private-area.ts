/**
 * Where a machine's private area lives. Since release 1.1 every mill has one explicit collection,
 * `mill-<MSP ID>`, held by its peers only, and each of its machines' inbox, outbox and chain sit
 * in it under keys that start with the machine's ID. Earlier releases gave each machine its own
 * collection, `machine-<ID>`: Fabric reads a chaincode's whole collection configuration on every
 * transaction, so that layout cost grew with the machine count (bench/notes). A network still on
 * it keeps working on it until its definition carries the mill collections, and then moves each
 * machine's area across (AreaMigration).
 */
export type PrivateAreaLayout = 'mill' | 'machine';

/** The collection holding the private areas of every machine of mill `mspId`. */
export function millCollectionName(mspId: string): string {
    return `mill-${mspId}`;
}

/** The collection of one machine in the per-machine layout of earlier releases. */
export function machineCollectionName(machineId: string): string {
    return `machine-${machineId}`;
}
