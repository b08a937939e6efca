import { basename } from 'node:path';

/** A V8 CPU profile as Node's `--cpu-prof` writes it (`.cpuprofile`). */
export interface NodeCpuProfile {
    nodes: {
        id: number;
        callFrame: { functionName: string; url: string; lineNumber: number };
        children?: number[];
    }[];
    /** Monotonic clock, microseconds. */
    startTime: number;
    endTime: number;
    /** The node each sample hit, in time order. */
    samples: number[];
    /** Microseconds from the previous sample (the first from `startTime`). */
    timeDeltas: number[];
}

/** A function of the profile and its time in the window. */
export interface FrameTime {
    /** `function (file:line)`, the file cut to its name. */
    frame: string;
    ms: number;
    /** Of the window's busy time: every sample but `(idle)`. */
    percent: number;
}

/** Where a Node process spent its CPU in a window: busy time, by own (self) and inclusive time. */
export interface NodeProfileSummary {
    /** Sampled time that was not idle, milliseconds. */
    busyMs: number;
    /** The window's length, milliseconds. */
    windowMs: number;
    self: FrameTime[];
    inclusive: FrameTime[];
    /** Self time by area of code: Spindle's chaincode, the Fabric shim, gRPC, zod, GC, ... */
    areas: FrameTime[];
}

/** Areas of code a frame belongs to, by its script's path; the first that matches. */
const AREAS: readonly { name: string; url: RegExp }[] = [
    { name: 'garbage collection', url: /^\(garbage collector\)$/ },
    { name: 'zod', url: /node_modules\/zod\// },
    { name: 'canonicalize', url: /node_modules\/canonicalize\// },
    { name: 'fabric-shim', url: /node_modules\/fabric-shim\// },
    { name: 'fabric-contract-api', url: /node_modules\/fabric-contract-api\// },
    { name: '@fidm/x509 and asn1', url: /node_modules\/@fidm\// },
    { name: 'protobuf', url: /node_modules\/(protobufjs|@hyperledger\/fabric-protos|google-protobuf|@protobufjs)\// },
    { name: 'gRPC', url: /node_modules\/@grpc\// },
    { name: 'logging (winston)', url: /node_modules\/(winston|logform|triple-beam|readable-stream)/ },
    { name: 'other packages', url: /node_modules\// },
    { name: 'Spindle chaincode', url: /\/dist\// },
    { name: 'Node internals', url: /^node:/ },
];

const IDLE = '(idle)';

/**
 * Summarises a Node CPU profile over `[fromMicros, toMicros)` of its own clock (all of it when
 * absent): busy time, the `top` functions by self and by inclusive time (a function counted once
 * per sample however deep it recurs), and self time by area of code.
 */
export function summariseNodeProfile(
    profile: NodeCpuProfile,
    window: { fromMicros?: number; toMicros?: number } = {},
    top = 25,
): NodeProfileSummary {
    const from = window.fromMicros ?? profile.startTime;
    const to = window.toMicros ?? profile.endTime;
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const parent = new Map<number, number>();
    for (const node of profile.nodes) {
        for (const child of node.children ?? []) {
            parent.set(child, node.id);
        }
    }
    const self = new Map<string, number>();
    const inclusive = new Map<string, number>();
    const areas = new Map<string, number>();
    let busy = 0;
    let time = profile.startTime;
    profile.samples.forEach((nodeId, index) => {
        const delta = profile.timeDeltas[index] ?? 0;
        time += delta;
        const node = byId.get(nodeId);
        if (time < from || time >= to || node === undefined || node.callFrame.functionName === IDLE) {
            return;
        }
        // A sample stands for the interval up to the next one; the delta before it is as good an estimate.
        const weight = Math.max(0, profile.timeDeltas[index + 1] ?? delta);
        busy += weight;
        add(self, frameName(node.callFrame), weight);
        add(areas, areaOf(node.callFrame), weight);
        const seen = new Set<string>();
        for (let id: number | undefined = nodeId; id !== undefined; id = parent.get(id)) {
            const frame = byId.get(id)?.callFrame;
            const name = frame === undefined ? undefined : frameName(frame);
            if (name !== undefined && name !== '(root)' && !seen.has(name)) {
                seen.add(name);
                add(inclusive, name, weight);
            }
        }
    });
    const rank = (totals: Map<string, number>, count: number): FrameTime[] =>
        [...totals.entries()]
            .sort((a, b) => b[1] - a[1])
            .slice(0, count)
            .map(([frame, micros]) => ({
                frame,
                ms: micros / 1000,
                percent: busy === 0 ? 0 : (100 * micros) / busy,
            }));
    return {
        busyMs: busy / 1000,
        windowMs: (to - from) / 1000,
        self: rank(self, top),
        inclusive: rank(inclusive, top),
        areas: rank(areas, AREAS.length + 1),
    };
}

function frameName(frame: NodeCpuProfile['nodes'][number]['callFrame']): string {
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    return frame.url === '' ? name : `${name} (${basename(frame.url)}:${frame.lineNumber + 1})`;
}

function areaOf(frame: NodeCpuProfile['nodes'][number]['callFrame']): string {
    const probe = frame.url === '' ? frame.functionName : frame.url;
    return AREAS.find((area) => area.url.test(probe))?.name ?? (frame.url === '' ? 'V8 and native' : 'other');
}

function add(totals: Map<string, number>, key: string, micros: number): void {
    totals.set(key, (totals.get(key) ?? 0) + micros);
}

/** The summary as text: busy time, the areas, then the top frames by self and inclusive time. */
export function nodeProfileText(summary: NodeProfileSummary, perUnit?: { count: number; unit: string }): string {
    const lines = [
        `busy ${summary.busyMs.toFixed(0)} ms of a ${summary.windowMs.toFixed(0)} ms window` +
            (perUnit === undefined || perUnit.count === 0
                ? ''
                : `, ${(summary.busyMs / perUnit.count).toFixed(2)} ms per ${perUnit.unit} (${perUnit.count})`),
    ];
    const table = (title: string, rows: FrameTime[]) => {
        lines.push('', title);
        for (const row of rows) {
            lines.push(`${row.percent.toFixed(1).padStart(6)} %  ${row.ms.toFixed(0).padStart(7)} ms  ${row.frame}`);
        }
    };
    table('self time by area', summary.areas);
    table('self time', summary.self);
    table('inclusive time', summary.inclusive);
    return lines.join('\n');
}
