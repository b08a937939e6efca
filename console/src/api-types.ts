/**
 * The shapes the console reads from `/api/v1`, as the service's OpenAPI document describes them
 * (the fields the console shows; the service sends more).
 */

/** `GET /api/v1/me`. */
export interface Principal {
    clientId: string;
    identity: string;
    mspId: string;
    role?: 'admin' | 'operator' | 'machine';
    machineId?: string;
}

/** The statuses of a machine, in the order the console lists them. */
export const MACHINE_STATUSES = ['PENDING', 'ACTIVE', 'SUSPENDED', 'RETIRED'] as const;

/** A machine's status. */
export type MachineStatus = (typeof MACHINE_STATUSES)[number];

/** A machine record. */
export interface MachineRecord {
    machineId: string;
    ownerMspId: string;
    machineType: string;
    processStep: string;
    line: string;
    vendor: string;
    status: MachineStatus;
    registeredAt: string;
    updatedAt: string;
    lastAction: string;
    replaces?: string;
    replacedBy?: string;
}

/** A page of items. */
export interface Page<T> {
    items: T[];
    bookmark: string;
}

/** A lot of the material ledger. */
export interface LotRecord {
    lotId: string;
    form: string;
    quantityGrams: number;
    remainingGrams?: number;
    status?: string;
    ownerMspId?: string;
    producedBy?: string;
    origin?: string;
    grade?: string;
    [field: string]: unknown;
}

/** A transform: inputs to outputs at a machine. */
export interface TransformRecord {
    transformId: string;
    machineId: string;
    processStep: string;
    inputs: { lotId: string; quantityGrams: number }[];
    outputs: { lotId: string; form: string; quantityGrams: number }[];
    quality?: Record<string, number | string>;
    recordedAt?: string;
}

/** A genealogy graph, upstream to the bales or downstream to the packages. */
export interface GenealogyGraph {
    root: string;
    direction: 'upstream' | 'downstream';
    nodes: { lotId: string; form: string; quantityGrams: number; depth: number }[];
    edges: { from: string; to: string; transformId: string }[];
}

/** One step of the 9-step query flow. */
export interface QueryStep {
    step: number;
    title: string;
    outcome: 'ok' | 'retry' | 'failed';
    detail: string;
    atMs: number;
    clock: 'requester' | 'responder';
}

/** A query's outcome. */
export interface QueryResult {
    queryId: string;
    answer: unknown;
    verification: unknown;
    steps: QueryStep[];
    totalMs: number;
}

/** A machine's chain head. */
export interface ChainHead {
    machineId: string;
    seq: number;
    hash: string;
    updatedAt: string;
    sealedThrough?: number;
}

/** A chain verification: held to its head, or the first broken block. */
export type ChainVerification =
    | { ok: true; fromSeq: number; toSeq: number; length: number; headHash: string; nextSeq?: number }
    | { ok: false; brokenAt: number; reason: string };

/** One reading of a machine. */
export interface Reading {
    seq: number;
    variable: string;
    value: number;
    unit: string;
    sourceTimestamp: string;
}

/** A bucket of an aggregated readings answer. */
export interface ReadingBucket {
    variable: string;
    start: string;
    end: string;
    count: number;
    min: number | null;
    max: number | null;
    mean: number | null;
    p95: number | null;
    cvPercent: number | null;
}

/** The answer to a typed `readings` question. */
export interface ReadingsAnswer {
    kind: 'readings';
    machineId: string;
    mode: 'raw' | 'aggregate';
    from: string;
    to: string;
    units: Record<string, string>;
    sealedThrough: number;
    rows: Reading[];
    buckets: ReadingBucket[];
    truncated: boolean;
}
