import cytoscape from 'cytoscape';

import { describeError } from '../api-client';
import type { GenealogyGraph, LotRecord, TransformRecord } from '../api-types';
import { h, notice, replaceChildren } from '../dom';
import type { PageContext } from '../page-context';

/** A colour per material form, bale to package. */
const FORM_COLOURS: Record<string, string> = {
    bale: '#b5835a',
    lap: '#d9a441',
    sliver: '#8fb573',
    'carded-yarn': '#5fa8a0',
    'combed-yarn': '#4f7fbf',
    package: '#8a6fbf',
};

/**
 * A lot's genealogy as an interactive graph (cytoscape: pan, zoom, drag; click a lot for its
 * record and the transform that made it), upstream to its bales or downstream to its packages,
 * with the same lots listed in a table.
 */
export function genealogyPage(context: PageContext): HTMLElement {
    const lotInput = h('input', {
        id: 'lot-id',
        placeholder: 'lot ID, e.g. pkg-1',
        value: context.params.get('lot') ?? '',
        required: true,
        pattern: '[a-z0-9][a-z0-9-]{0,62}',
    });
    const direction = h(
        'select',
        { id: 'trace-direction', 'aria-label': 'Direction' },
        h('option', { value: 'upstream' }, 'upstream, to the bales'),
        h('option', { value: 'downstream' }, 'downstream, to the packages'),
    );
    direction.value = context.params.get('direction') === 'downstream' ? 'downstream' : 'upstream';
    const message = h('div', { class: 'messages' });
    const graphBox = h('div', { id: 'genealogy-graph', class: 'graph' });
    const table = h('div', { id: 'genealogy-lots' });
    const details = h('aside', { id: 'lot-details', class: 'details' }, 'Click a lot for its record.');
    let graph: cytoscape.Core | undefined;

    async function trace(): Promise<void> {
        const lotId = lotInput.value.trim();
        if (lotId === '') {
            return;
        }
        replaceChildren(message, 'Tracing…');
        try {
            const genealogy = await context.api.get<GenealogyGraph>(
                `/api/v1/lots/${encodeURIComponent(lotId)}/trace?direction=${direction.value}`,
            );
            const bales = genealogy.nodes.filter((node) => node.form === 'bale').length;
            replaceChildren(
                message,
                notice(
                    'info',
                    `${genealogy.nodes.length} lots, ${genealogy.edges.length} edges ${genealogy.direction} of ${genealogy.root}; ${bales} bales.`,
                ),
            );
            draw(genealogy);
            replaceChildren(table, lotTable(genealogy));
            void showLot(genealogy.root);
        } catch (error) {
            graph?.destroy();
            graph = undefined;
            replaceChildren(table);
            replaceChildren(message, notice('error', describeError(error)));
        }
    }

    function draw(genealogy: GenealogyGraph): void {
        graph?.destroy();
        graph = cytoscape({
            container: graphBox,
            elements: [
                ...genealogy.nodes.map((node) => ({
                    data: {
                        id: node.lotId,
                        label: `${node.lotId}\n${node.form} · ${(node.quantityGrams / 1000).toFixed(1)} kg`,
                        colour: FORM_COLOURS[node.form] ?? '#999',
                        root: node.lotId === genealogy.root ? 1 : 0,
                    },
                })),
                // An edge points from input to output, the way the material flows, in either direction.
                ...genealogy.edges.map((edge) => ({
                    data: {
                        id: `${edge.transformId}:${edge.from}:${edge.to}`,
                        source: edge.from,
                        target: edge.to,
                        label: edge.transformId,
                    },
                })),
            ],
            layout: {
                name: 'breadthfirst',
                directed: true,
                roots: sourcesOf(genealogy),
                spacingFactor: 1.1,
                padding: 16,
            },
            style: [
                {
                    selector: 'node',
                    style: {
                        'background-color': 'data(colour)',
                        label: 'data(label)',
                        'text-wrap': 'wrap',
                        'text-valign': 'bottom',
                        'text-margin-y': 4,
                        'font-size': 10,
                        width: 26,
                        height: 26,
                    },
                },
                { selector: 'node[root = 1]', style: { 'border-width': 3, 'border-color': '#222' } },
                { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#d33' } },
                {
                    selector: 'edge',
                    style: {
                        width: 2,
                        'line-color': '#aab',
                        'target-arrow-color': '#aab',
                        'target-arrow-shape': 'triangle',
                        'curve-style': 'bezier',
                        label: 'data(label)',
                        'font-size': 8,
                        color: '#667',
                        'text-rotation': 'autorotate',
                    },
                },
            ],
            wheelSensitivity: 0.3,
        });
        graph.on('tap', 'node', (event: cytoscape.EventObjectNode) => {
            void showLot(event.target.id());
        });
    }

    async function showLot(lotId: string): Promise<void> {
        replaceChildren(details, `Loading ${lotId}…`);
        try {
            const lot = await context.api.get<LotRecord>(`/api/v1/lots/${lotId}`);
            const transform =
                lot.producedBy === undefined
                    ? undefined
                    : await context.api.get<TransformRecord>(`/api/v1/transforms/${lot.producedBy}`);
            replaceChildren(
                details,
                h('h3', {}, lot.lotId),
                h(
                    'dl',
                    {},
                    ...field('Form', lot.form),
                    ...field('Quantity', `${lot.quantityGrams} g (${lot.remainingGrams ?? '?'} g left)`),
                    ...field('Status', lot.status),
                    ...field('Mill', lot.ownerMspId),
                    ...field('Origin', lot.origin),
                    ...field('Grade', lot.grade),
                ),
                transform === undefined
                    ? h('p', {}, 'A bale: no transform made it.')
                    : h(
                          'div',
                          {},
                          h('h4', {}, `Made by ${transform.transformId}`),
                          h(
                              'dl',
                              {},
                              ...field('Machine', transform.machineId),
                              ...field('Step', transform.processStep),
                              ...field(
                                  'Inputs',
                                  transform.inputs.map((i) => `${i.lotId} (${i.quantityGrams} g)`).join(', '),
                              ),
                              ...Object.entries(transform.quality ?? {}).flatMap(([name, value]) =>
                                  field(name, String(value)),
                              ),
                          ),
                      ),
                h(
                    'button',
                    {
                        onclick: () => {
                            lotInput.value = lot.lotId;
                            void trace();
                        },
                    },
                    'Trace from here',
                ),
            );
        } catch (error) {
            replaceChildren(details, notice('error', describeError(error)));
        }
    }

    if (lotInput.value !== '') {
        void trace();
    }
    return h(
        'div',
        { class: 'page genealogy-page' },
        h('h1', {}, 'Genealogy'),
        h(
            'form',
            {
                class: 'inline',
                onsubmit: (event: Event) => {
                    event.preventDefault();
                    void trace();
                },
            },
            h('label', {}, 'Lot ', lotInput),
            h('label', {}, 'Direction ', direction),
            h('button', { type: 'submit', id: 'trace' }, 'Trace'),
        ),
        message,
        h('div', { class: 'graph-row' }, graphBox, details),
        h(
            'p',
            { class: 'legend' },
            ...Object.entries(FORM_COLOURS).map(([form, colour]) =>
                h('span', { class: 'legend-item' }, h('i', { style: `background:${colour}` }), form),
            ),
        ),
        table,
    );
}

/** The lots nothing in the graph went into: the bales upstream, the traced lot downstream. */
function sourcesOf(genealogy: GenealogyGraph): string[] {
    const made = new Set(genealogy.edges.map((edge) => edge.to));
    return genealogy.nodes.filter((node) => !made.has(node.lotId)).map((node) => node.lotId);
}

function field(name: string, value: string | undefined): HTMLElement[] {
    return value === undefined ? [] : [h('dt', {}, name), h('dd', {}, value)];
}

function lotTable(genealogy: GenealogyGraph): HTMLTableElement {
    const nodes = [...genealogy.nodes].sort((a, b) => a.depth - b.depth || a.lotId.localeCompare(b.lotId));
    return h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...['Depth', 'Lot', 'Form', 'Grams'].map((t) => h('th', {}, t)))),
        h(
            'tbody',
            {},
            ...nodes.map((node) =>
                h(
                    'tr',
                    { 'data-lot': node.lotId, 'data-form': node.form },
                    h('td', {}, node.depth),
                    h('td', {}, h('code', {}, node.lotId)),
                    h('td', {}, node.form),
                    h('td', {}, node.quantityGrams),
                ),
            ),
        ),
    );
}
