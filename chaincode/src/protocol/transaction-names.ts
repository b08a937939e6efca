/**
 * Contract and transaction names, shared by the chaincode and its clients so they cannot drift.
 * A client calls `<contract>:<transaction>`, for example `MachineRegistry:register`.
 */
export const CONTRACT_NAMES = {
    probe: 'Probe',
    machineRegistry: 'MachineRegistry',
    materialLedger: 'MaterialLedger',
    communication: 'Communication',
    queryFlow: 'QueryFlow',
    areaMigration: 'AreaMigration',
    housekeeping: 'Housekeeping',
} as const;

/** Transactions of the `MachineRegistry` contract. */
export const MACHINE_REGISTRY_TRANSACTIONS = {
    register: 'register',
    approve: 'approve',
    suspend: 'suspend',
    reactivate: 'reactivate',
    retire: 'retire',
    replace: 'replace',
    rotateEncryptionKey: 'rotateEncryptionKey',
    approveCertificateRenewal: 'approveCertificateRenewal',
    renewCertificate: 'renewCertificate',
    getMachine: 'getMachine',
    listMachines: 'listMachines',
    getMachineHistory: 'getMachineHistory',
    getKeys: 'getKeys',
} as const;

/** Transactions of the `MaterialLedger` contract. */
export const MATERIAL_LEDGER_TRANSACTIONS = {
    createLot: 'createLot',
    transform: 'transform',
    getLot: 'getLot',
    getLotHistory: 'getLotHistory',
    getTransform: 'getTransform',
    traceLot: 'traceLot',
} as const;

/** Transactions of the `Communication` contract. */
export const COMMUNICATION_TRANSACTIONS = {
    send: 'send',
    sendBatch: 'sendBatch',
    getMessage: 'getMessage',
    readMailbox: 'readMailbox',
    listMailbox: 'listMailbox',
    appendBlock: 'appendBlock',
    getChainHead: 'getChainHead',
    getBlock: 'getBlock',
    getBlockHash: 'getBlockHash',
    verifyChain: 'verifyChain',
} as const;

/** Transactions of the `QueryFlow` contract (the 9 steps of the paper's Figure 8). */
export const QUERY_FLOW_TRANSACTIONS = {
    request: 'request',
    respond: 'respond',
    deny: 'deny',
    rejectReply: 'rejectReply',
    getQuery: 'getQuery',
} as const;

/** Transactions of the `AreaMigration` contract: moving areas out of per-machine collections. */
export const AREA_MIGRATION_TRANSACTIONS = {
    listLegacyArea: 'listLegacyArea',
    moveLegacyArea: 'moveLegacyArea',
} as const;

/** Transactions of the `Housekeeping` contract: pruning the nonce registry and rate-limit slots. */
export const HOUSEKEEPING_TRANSACTIONS = {
    prune: 'prune',
    getPruneWatermark: 'getPruneWatermark',
} as const;

/** Transactions of the `Probe` contract, the deployment health check. */
export const PROBE_TRANSACTIONS = {
    ping: 'ping',
    put: 'put',
    get: 'get',
    putPrivate: 'putPrivate',
    getPrivate: 'getPrivate',
} as const;

/** Transient map key of the packet that `send`, `request` and `respond` carry. */
export const TRANSIENT_PACKET = 'packet';

/** Transient map key of the packets, a JSON array, that `sendBatch` carries. */
export const TRANSIENT_PACKETS = 'packets';

/** The fully qualified name `<contract>:<transaction>` a gateway client passes. */
export function qualifiedName(contract: string, transaction: string): string {
    return `${contract}:${transaction}`;
}
