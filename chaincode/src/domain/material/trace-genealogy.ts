import {
    DomainError,
    fromTraceToken,
    toTraceToken,
    type GenealogyEdge,
    type GenealogyGraph,
    type LotRecord,
    type TraceCursor,
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

/** A lot of the walk's current path and where its walk through its neighbours stands. */
interface Frame {
    lotId: string;
    /** Its neighbours, none at the depth limit. */
    neighbours: Neighbour[];
    /** The index of the neighbour to visit next. */
    next: number;
}

/**
 * One page of a lot's genealogy: a depth-first walk from the root, upstream to its bales or
 * downstream to its packages, at most `maxDepth` steps away, neighbours in lot ID order. A page
 * lists at most `pageSize` lots with the edges leading one step on from each of them, and lists a
 * lot several paths reach once. When more of the walk remains, its bookmark is a continuation
 * token: the path to the last lot listed, from which the next page goes on. So a genealogy of any
 * size is walked to the end in pages, each reading at most `pageSize + maxDepth + 1` neighbour
 * lists, however far into the walk it starts.
 *
 * @throws DomainError NOT_FOUND when the root lot does not exist; TRACE_TOKEN_INVALID when the
 *   bookmark is not a token of this trace, or its path is not one of the genealogy.
 */
export async function traceGenealogy(query: TraceQuery, source: GenealogySource): Promise<GenealogyGraph> {
    const root = await source.lot(query.lotId);
    if (root === undefined) {
        throw new DomainError('NOT_FOUND', `lot ${query.lotId} does not exist`);
    }
    const trace = { root: root.lotId, direction: query.direction, maxDepth: query.maxDepth };
    const reader = neighboursReadOnce(source);
    const graph: GenealogyGraph = { root: root.lotId, direction: query.direction, nodes: [], edges: [], bookmark: '' };
    const listed = new Map<string, number>();
    const list = async (lot: Pick<LotRecord, 'lotId' | 'form' | 'quantityGrams'>, depth: number): Promise<Frame> => {
        graph.nodes.push({ lotId: lot.lotId, form: lot.form, quantityGrams: lot.quantityGrams, depth });
        listed.set(lot.lotId, depth);
        const neighbours = depth < query.maxDepth ? await reader.neighbours(lot.lotId, query.direction) : [];
        graph.edges.push(...neighbours.map((neighbour) => toEdge(lot.lotId, neighbour, query.direction)));
        return { lotId: lot.lotId, neighbours, next: 0 };
    };
    const stack =
        query.bookmark === ''
            ? [await list(root, 0)]
            : await resume(fromTraceToken(query.bookmark, trace).path, trace, reader);
    while (graph.nodes.length < query.pageSize) {
        const top = stack.at(-1);
        if (top === undefined) {
            break;
        }
        const neighbour = top.neighbours[top.next];
        if (neighbour === undefined) {
            stack.pop();
            continue;
        }
        top.next += 1;
        const depth = stack.length;
        const before = listed.get(neighbour.lotId);
        if (before !== undefined && before <= depth) {
            continue;
        }
        const lot =
            neighbour.summary === undefined
                ? await source.lot(neighbour.lotId)
                : { lotId: neighbour.lotId, ...neighbour.summary };
        if (lot !== undefined) {
            stack.push(await list(lot, depth));
        }
    }
    if (stack.some((frame) => frame.next < frame.neighbours.length)) {
        graph.bookmark = toTraceToken({ v: 1, ...trace, path: stack.slice(1).map((frame) => frame.lotId) });
    }
    return graph;
}

/**
 * The walk's stack where a token's path left it: each lot of the path must be a neighbour of the
 * one before, and the walk goes on after it among its siblings.
 */
async function resume(
    path: readonly string[],
    trace: Omit<TraceCursor, 'v' | 'path'>,
    reader: GenealogySource,
): Promise<Frame[]> {
    const stack: Frame[] = [
        { lotId: trace.root, neighbours: await reader.neighbours(trace.root, trace.direction), next: 0 },
    ];
    for (const lotId of path) {
        const parent = stack[stack.length - 1];
        const index = parent?.neighbours.findIndex((neighbour) => neighbour.lotId === lotId) ?? -1;
        if (parent === undefined || index < 0) {
            throw new DomainError(
                'TRACE_TOKEN_INVALID',
                `the continuation token's path is not in the genealogy of ${trace.root}`,
            );
        }
        parent.next = index + 1;
        const neighbours = stack.length < trace.maxDepth ? await reader.neighbours(lotId, trace.direction) : [];
        stack.push({ lotId, neighbours, next: 0 });
    }
    return stack;
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

function toEdge(lotId: string, neighbour: Neighbour, direction: TraceQuery['direction']): GenealogyEdge {
    return direction === 'upstream'
        ? { from: neighbour.lotId, to: lotId, transformId: neighbour.transformId }
        : { from: lotId, to: neighbour.lotId, transformId: neighbour.transformId };
}
