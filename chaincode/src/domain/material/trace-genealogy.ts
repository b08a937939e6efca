import {
    DomainError,
    LIMITS,
    type GenealogyEdge,
    type GenealogyGraph,
    type LotRecord,
    type TraceQuery,
} from '../../protocol';

/** A lot's neighbour one step up (a parent) or down (a child) the genealogy. */
export interface Neighbour {
    lotId: string;
    transformId: string;
    /**
     * The neighbour's form and quantity, which never change once a lot exists, as its edge
     * recorded them; with them a trace need not read the neighbour's record. Edges written
     * before they were recorded lack them.
     */
    summary?: Pick<LotRecord, 'form' | 'quantityGrams'>;
}

/** Where a trace reads lots and links; the ledger layer provides it. */
export interface GenealogySource {
    lot(lotId: string): Promise<LotRecord | undefined>;
    /** Parents (upstream) or children (downstream) of a lot, sorted by lot ID. */
    neighbours(lotId: string, direction: TraceQuery['direction']): Promise<Neighbour[]>;
}

interface Visit {
    lot: Pick<LotRecord, 'lotId' | 'form' | 'quantityGrams'>;
    depth: number;
}

/**
 * One page of a lot's genealogy: a breadth-first walk from the root, upstream to its bales or
 * downstream to its packages, at most `maxDepth` steps away. The page holds lots number
 * `bookmark` to `bookmark + pageSize - 1` of the walk and the edges leading one step on from
 * each of them; the returned bookmark starts the next page, empty on the last one.
 *
 * @throws DomainError NOT_FOUND when the root lot does not exist; INVALID_ARGUMENT when the page
 *   lies beyond `LIMITS.traceNodesMax` lots.
 */
export async function traceGenealogy(query: TraceQuery, source: GenealogySource): Promise<GenealogyGraph> {
    const offset = query.bookmark === '' ? 0 : Number(query.bookmark);
    if (offset + query.pageSize > LIMITS.traceNodesMax) {
        throw new DomainError('INVALID_ARGUMENT', `a trace covers at most ${LIMITS.traceNodesMax} lots`);
    }
    const root = await source.lot(query.lotId);
    if (root === undefined) {
        throw new DomainError('NOT_FOUND', `lot ${query.lotId} does not exist`);
    }
    const reader = neighboursReadOnce(source);
    const walk = await walkBreadthFirst(root, query, offset + query.pageSize + 1, reader);
    const page = walk.slice(offset, offset + query.pageSize);
    const edges: GenealogyEdge[] = [];
    for (const visit of page.filter((node) => node.depth < query.maxDepth)) {
        for (const neighbour of await reader.neighbours(visit.lot.lotId, query.direction)) {
            edges.push(toEdge(visit.lot.lotId, neighbour, query.direction));
        }
    }
    return {
        root: root.lotId,
        direction: query.direction,
        nodes: page.map(({ lot, depth }) => ({
            lotId: lot.lotId,
            form: lot.form,
            quantityGrams: lot.quantityGrams,
            depth,
        })),
        edges,
        bookmark: walk.length > offset + query.pageSize ? String(offset + query.pageSize) : '',
    };
}

/**
 * The walk and the page's edges both need a lot's neighbours; each costs a range scan on the
 * peer, so every lot's are read once and kept for this trace.
 */
function neighboursReadOnce(source: GenealogySource): GenealogySource {
    const read = new Map<string, Promise<Neighbour[]>>();
    return {
        lot: (lotId) => source.lot(lotId),
        neighbours: (lotId, direction) => {
            const key = `${direction}:${lotId}`;
            let neighbours = read.get(key);
            if (neighbours === undefined) {
                neighbours = source.neighbours(lotId, direction);
                read.set(key, neighbours);
            }
            return neighbours;
        },
    };
}

async function walkBreadthFirst(
    root: LotRecord,
    query: TraceQuery,
    limit: number,
    source: GenealogySource,
): Promise<Visit[]> {
    const walk: Visit[] = [{ lot: root, depth: 0 }];
    const seen = new Set([root.lotId]);
    for (let next = 0; next < walk.length && walk.length < limit; next += 1) {
        const visit = walk[next];
        if (visit === undefined || visit.depth >= query.maxDepth) {
            continue;
        }
        for (const neighbour of await source.neighbours(visit.lot.lotId, query.direction)) {
            if (seen.has(neighbour.lotId) || walk.length >= limit) {
                continue;
            }
            seen.add(neighbour.lotId);
            const lot =
                neighbour.summary === undefined
                    ? await source.lot(neighbour.lotId)
                    : { lotId: neighbour.lotId, ...neighbour.summary };
            if (lot !== undefined) {
                walk.push({ lot, depth: visit.depth + 1 });
            }
        }
    }
    return walk;
}

function toEdge(lotId: string, neighbour: Neighbour, direction: TraceQuery['direction']): GenealogyEdge {
    return direction === 'upstream'
        ? { from: neighbour.lotId, to: lotId, transformId: neighbour.transformId }
        : { from: lotId, to: neighbour.lotId, transformId: neighbour.transformId };
}
