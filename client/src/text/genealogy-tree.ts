import type { GenealogyGraph } from '@spindle/chaincode/protocol';

/**
 * A genealogy graph as indented tree lines from its root, e.g.
 * `package-1 (package, 9000 g)` then `└─ yarn-1 (combed-yarn, ...) by tf-4`. A lot reached
 * twice is printed once and referred to after.
 */
export function genealogyTree(graph: GenealogyGraph): string[] {
    const nodes = new Map(graph.nodes.map((node) => [node.lotId, node]));
    const children = new Map<string, { lotId: string; transformId: string }[]>();
    for (const edge of graph.edges) {
        const [parent, child] = graph.direction === 'upstream' ? [edge.to, edge.from] : [edge.from, edge.to];
        children.set(parent, [...(children.get(parent) ?? []), { lotId: child, transformId: edge.transformId }]);
    }
    const label = (lotId: string): string => {
        const node = nodes.get(lotId);
        return node ? `${lotId} (${node.form}, ${node.quantityGrams} g)` : lotId;
    };
    const lines = [label(graph.root)];
    const seen = new Set([graph.root]);
    const walk = (lotId: string, indent: string): void => {
        const next = children.get(lotId) ?? [];
        next.forEach((child, index) => {
            const last = index === next.length - 1;
            const repeated = seen.has(child.lotId);
            lines.push(
                `${indent}${last ? '└─ ' : '├─ '}${label(child.lotId)} via ${child.transformId}${repeated ? ' (see above)' : ''}`,
            );
            if (!repeated) {
                seen.add(child.lotId);
                walk(child.lotId, `${indent}${last ? '   ' : '│  '}`);
            }
        });
    };
    walk(graph.root, '');
    return lines;
}
