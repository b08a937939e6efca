import type { LoadResult } from '../harness';
import type { CpuSeconds } from '../cpu-sampler';

/** What one workload reports. */
export interface WorkloadResult {
    /** Short ID used in the table and for ratios, e.g. `B`, `read-probe`. */
    id: string;
    title: string;
    kind: 'write' | 'read' | 'flow' | 'trace';
    concurrency: number;
    load: LoadResult;
    cpuSeconds?: CpuSeconds;
    /** `go tool pprof -top` of the first mill's peer during the workload, when profiled. */
    peerProfile?: string;
    /** Anything the workload counts beyond the harness (MVCC conflicts, depth, ...). */
    extra?: Record<string, number | string>;
}
