// The bench's pure pieces, for unit tests: percentiles, target verdicts, the report and its chart, the scale table.
export { nearestRank, percentilesOf, type Percentiles } from './percentiles';
export { summarise, type LoadResult, type TransactionRecord } from './harness';
export { judgeTargets, type TargetVerdict } from './targets';
export { toMarkdown, writeReport, type BenchReport } from './report';
export { toSvg } from './chart';
export type { WorkloadResult } from './workloads/workload';
export type { MachineInfo } from './machine-info';
export { stageShares, topCumRows, PEER_STAGES } from './profile-stages';
export { privatePut } from './workloads/private-put';
export type { BenchContext } from './bench-context';
export { DEFAULT_SCALE_SIZES, parseScaleSizes } from './scale-sizes';
export {
    SCALE_METRICS,
    SCALE_TARGET,
    busyPercent,
    figureOf,
    peerCpuPerTx,
    peerCpuTable,
    scaleRatio,
    scaleTable,
    scaleVerdict,
    type ScaleStep,
} from './scale-table';
export { SCALE_HEADING, toScaleSection, type ScaleRun } from './scale-report';
export { sectionOf, withSection } from './report-section';
export { DEFINITION_FRAME, summariseProfile, type ProfileSummary } from './profile-summary';
export {
    nodeProfileText,
    summariseNodeProfile,
    type FrameTime,
    type NodeCpuProfile,
    type NodeProfileSummary,
} from './node-profile';
