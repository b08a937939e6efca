import type { BenchReport } from './report';

const WIDTH = 720;
const ROW = 22;
const LABEL = 150;
const BAR_MAX = 460;
const TRACE_HEIGHT = 220;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const round = (value: number) => Math.round(value * 100) / 100;

/**
 * The report as an SVG picture: each workload's throughput as a multiple of B (with the 1 ×,
 * 0.85 × and 4 × marks the targets use), then the trace's p50 against depth as a multiple of
 * t(1), beside the linear and the 8 × bounds. Plain SVG, so a browser or the README shows it.
 */
export function toSvg(report: BenchReport): string {
    const b = report.workloads.find((result) => result.id === 'B')?.load.throughputPerSecond;
    const rows = report.workloads.filter((result) => result.kind !== 'trace' && result.kind !== 'flow');
    const ratios = rows.map((result) => (b ? result.load.throughputPerSecond / b : 0));
    const scaleMax = Math.max(4.5, ...ratios.filter(Number.isFinite));
    const x = (ratio: number) => LABEL + (BAR_MAX * ratio) / scaleMax;
    const parts: string[] = [];
    const top = 40;
    parts.push(
        `<text x="10" y="20" font-size="14" font-weight="bold">Throughput as a multiple of B (${b ? round(b) : '-'} tx/s)</text>`,
    );
    rows.forEach((result, index) => {
        const y = top + index * ROW;
        const ratio = ratios[index] ?? 0;
        parts.push(
            `<text x="${LABEL - 6}" y="${y + 14}" font-size="11" text-anchor="end">${escape(result.id)}</text>`,
            `<rect x="${LABEL}" y="${y + 3}" width="${Math.max(0, x(ratio) - LABEL).toFixed(1)}" height="${ROW - 6}" fill="${result.kind === 'read' ? '#4a90d9' : '#e0883a'}"/>`,
            `<text x="${(x(ratio) + 4).toFixed(1)}" y="${y + 14}" font-size="11">${round(ratio)}×</text>`,
        );
    });
    const barsBottom = top + rows.length * ROW;
    for (const mark of [0.85, 1, 4]) {
        parts.push(
            `<line x1="${x(mark).toFixed(1)}" y1="${top - 4}" x2="${x(mark).toFixed(1)}" y2="${barsBottom}" stroke="#555" stroke-dasharray="3,3"/>`,
            // 0.85 × and 1 × sit close: one label left of its line, the other right.
            `<text x="${x(mark).toFixed(1)}" y="${top - 8}" font-size="10" text-anchor="${mark < 1 ? 'end' : 'start'}">${mark}×</text>`,
        );
    }
    const traceTop = barsBottom + 50;
    parts.push(...traceChart(report, traceTop));
    const height = traceTop + TRACE_HEIGHT + 50;
    return [
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
        `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
        ...parts,
        '</svg>',
        '',
    ].join('\n');
}

/** The trace's p50 at each depth over t(1), on linear axes, with y = depth and y = 8 for reference. */
function traceChart(report: BenchReport, top: number): string[] {
    const traces = report.workloads
        .filter((result) => result.kind === 'trace')
        .map((result) => ({ depth: Number(result.id.replace('trace-', '')), p50: result.load.latency.p50 }))
        .sort((a, b) => a.depth - b.depth);
    const first = traces[0];
    if (first === undefined || traces.length < 2) {
        return [];
    }
    const maxDepth = traces.at(-1)?.depth ?? 1;
    const points = traces.map((trace) => ({ depth: trace.depth, ratio: trace.p50 / first.p50 }));
    const maxRatio = Math.max(8.5, ...points.map((point) => point.ratio));
    const px = (depth: number) => LABEL + (BAR_MAX * depth) / maxDepth;
    const py = (ratio: number) => top + TRACE_HEIGHT - (TRACE_HEIGHT * ratio) / maxRatio;
    const parts = [
        `<text x="10" y="${top - 16}" font-size="14" font-weight="bold">Genealogy trace p50 as a multiple of t(1) (${round(first.p50)} ms), by depth</text>`,
        `<line x1="${LABEL}" y1="${top + TRACE_HEIGHT}" x2="${LABEL + BAR_MAX}" y2="${top + TRACE_HEIGHT}" stroke="#000"/>`,
        `<line x1="${LABEL}" y1="${top}" x2="${LABEL}" y2="${top + TRACE_HEIGHT}" stroke="#000"/>`,
        `<line x1="${LABEL}" y1="${py(8).toFixed(1)}" x2="${LABEL + BAR_MAX}" y2="${py(8).toFixed(1)}" stroke="#c33" stroke-dasharray="4,3"/>`,
        `<text x="${LABEL + BAR_MAX + 4}" y="${py(8).toFixed(1)}" font-size="10">8×</text>`,
        `<line x1="${px(1).toFixed(1)}" y1="${py(1).toFixed(1)}" x2="${px(Math.min(maxDepth, maxRatio)).toFixed(1)}" y2="${py(Math.min(maxDepth, maxRatio)).toFixed(1)}" stroke="#999" stroke-dasharray="2,2"/>`,
        `<text x="${LABEL - 6}" y="${top + TRACE_HEIGHT + 4}" font-size="10" text-anchor="end">0</text>`,
        `<text x="${LABEL - 6}" y="${top + 4}" font-size="10" text-anchor="end">${round(maxRatio)}×</text>`,
        `<polyline fill="none" stroke="#2a7a2a" stroke-width="2" points="${points.map((point) => `${px(point.depth).toFixed(1)},${py(point.ratio).toFixed(1)}`).join(' ')}"/>`,
    ];
    for (const point of points) {
        parts.push(
            `<circle cx="${px(point.depth).toFixed(1)}" cy="${py(point.ratio).toFixed(1)}" r="3" fill="#2a7a2a"/>`,
            `<text x="${px(point.depth).toFixed(1)}" y="${top + TRACE_HEIGHT + 16}" font-size="10" text-anchor="middle">${point.depth}</text>`,
            `<text x="${(px(point.depth) + 4).toFixed(1)}" y="${(py(point.ratio) - 6).toFixed(1)}" font-size="10">${round(point.ratio)}×</text>`,
        );
    }
    return parts;
}
