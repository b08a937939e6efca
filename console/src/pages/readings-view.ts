import type { Reading, ReadingBucket, ReadingsAnswer } from '../api-types';
import { h } from '../dom';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 520;
const HEIGHT = 120;

/**
 * A `readings` answer: per variable a line over time (the raw values, or the buckets' means)
 * and the rows as a table, each marked sealed (proven against the chain) or not sealed yet.
 */
export function readingsView(answer: ReadingsAnswer): HTMLElement {
    // The question's variables, in its order: a truncated answer may hold no rows of the last ones.
    const variables = [
        ...new Set([
            ...Object.keys(answer.units),
            ...answer.rows.map((r) => r.variable),
            ...answer.buckets.map((b) => b.variable),
        ]),
    ];
    return h(
        'div',
        { class: 'readings', 'data-machine': answer.machineId },
        h(
            'p',
            {},
            `${answer.machineId}: ${answer.mode} readings from ${new Date(answer.from).toLocaleTimeString()} to ${new Date(answer.to).toLocaleTimeString()}, sealed through #${answer.sealedThrough}`,
            answer.truncated ? ' (truncated to fit an answer: ask a shorter span, or aggregate)' : '',
        ),
        ...variables.map((variable) => {
            const unit = answer.units[variable] ?? '';
            const points =
                answer.mode === 'raw'
                    ? answer.rows
                          .filter((r) => r.variable === variable)
                          .map((r) => ({ at: Date.parse(r.sourceTimestamp), value: r.value }))
                    : answer.buckets
                          .filter((b) => b.variable === variable && b.mean !== null)
                          .map((b) => ({ at: Date.parse(b.start), value: b.mean ?? 0 }));
            return h(
                'figure',
                { class: 'reading-chart', 'data-variable': variable },
                chart(points),
                h('figcaption', {}, `${variable} (${unit}), ${points.length} points`),
            );
        }),
        answer.mode === 'raw'
            ? rowTable(answer.rows.slice(-40), answer.sealedThrough)
            : bucketTable(answer.buckets.filter((bucket) => bucket.count > 0)),
        answer.mode === 'raw' && answer.rows.length > 40
            ? h('p', { class: 'hint' }, `The last 40 of ${answer.rows.length} rows.`)
            : null,
    );
}

function chart(points: readonly { at: number; value: number }[]): SVGSVGElement {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    svg.setAttribute('class', 'sparkline');
    if (points.length === 0) {
        return svg;
    }
    const times = points.map((p) => p.at);
    const values = points.map((p) => p.value);
    const [t0, t1] = [Math.min(...times), Math.max(...times)];
    const [v0, v1] = [Math.min(...values), Math.max(...values)];
    const x = (t: number): number => 30 + ((t - t0) / Math.max(1, t1 - t0)) * (WIDTH - 40);
    const y = (v: number): number => HEIGHT - 14 - ((v - v0) / Math.max(1e-9, v1 - v0)) * (HEIGHT - 28);
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('points', points.map((p) => `${x(p.at).toFixed(1)},${y(p.value).toFixed(1)}`).join(' '));
    line.setAttribute('class', 'line');
    svg.append(line, label(2, 12, v1.toFixed(2)), label(2, HEIGHT - 4, v0.toFixed(2)));
    return svg;
}

function label(x: number, y: number, text: string): SVGTextElement {
    const element = document.createElementNS(SVG, 'text');
    element.setAttribute('x', String(x));
    element.setAttribute('y', String(y));
    element.textContent = text;
    return element;
}

function rowTable(rows: readonly Reading[], sealedThrough: number): HTMLTableElement {
    return h(
        'table',
        { class: 'reading-rows' },
        h('thead', {}, h('tr', {}, ...['#', 'Variable', 'Value', 'At', 'Sealed'].map((t) => h('th', {}, t)))),
        h(
            'tbody',
            {},
            ...rows.map((row) =>
                h(
                    'tr',
                    { 'data-seq': row.seq },
                    h('td', {}, row.seq),
                    h('td', {}, row.variable),
                    h('td', {}, `${row.value} ${row.unit}`),
                    h('td', {}, new Date(row.sourceTimestamp).toLocaleTimeString()),
                    h('td', {}, row.seq <= sealedThrough ? 'sealed' : 'not yet'),
                ),
            ),
        ),
    );
}

function bucketTable(buckets: readonly ReadingBucket[]): HTMLTableElement {
    const figure = (value: number | null): string => (value === null ? '–' : value.toFixed(2));
    return h(
        'table',
        { class: 'reading-buckets' },
        h(
            'thead',
            {},
            h(
                'tr',
                {},
                ...['Variable', 'From', 'Count', 'Min', 'Mean', 'Max', 'P95', 'CV %'].map((t) => h('th', {}, t)),
            ),
        ),
        h(
            'tbody',
            {},
            ...buckets.map((b) =>
                h(
                    'tr',
                    { 'data-variable': b.variable, 'data-count': b.count },
                    h('td', {}, b.variable),
                    h('td', {}, new Date(b.start).toLocaleTimeString()),
                    h('td', {}, b.count),
                    h('td', {}, figure(b.min)),
                    h('td', {}, figure(b.mean)),
                    h('td', {}, figure(b.max)),
                    h('td', {}, figure(b.p95)),
                    h('td', {}, figure(b.cvPercent)),
                ),
            ),
        ),
    );
}
