import type { GenealogyGraph } from '@spindle/chaincode/protocol';

/**
 * Pages of one trace merged into one graph: each lot once, in the order first listed, at the
 * least depth any page gave it, and each edge once. Pages may list a lot again, since a page
 * only knows the lots it listed itself. The merged bookmark is the last page's.
 */
export function mergeGenealogyPages(pages: readonly GenealogyGraph[]): GenealogyGraph | undefined {
    const [first] = pages;
    if (first === undefined) {
        return undefined;
    }
    const nodes = new Map<string, GenealogyGraph['nodes'][number]>();
    const edges = new Map<string, GenealogyGraph['edges'][number]>();
    for (const page of pages) {
        for (const node of page.nodes) {
            const known = nodes.get(node.lotId);
            if (known === undefined || known.depth > node.depth) {
                nodes.set(node.lotId, { ...node, depth: Math.min(node.depth, known?.depth ?? node.depth) });
            }
        }
        for (const edge of page.edges) {
            edges.set(`${edge.from}\n${edge.to}\n${edge.transformId}`, edge);
        }
    }
    return {
        root: first.root,
        direction: first.direction,
        nodes: [...nodes.values()],
        edges: [...edges.values()],
        bookmark: pages[pages.length - 1]?.bookmark ?? '',
    };
}
