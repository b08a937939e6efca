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
export {
    LINE_MACHINES,
    LINE_PROFILE,
    LINE_TYPES,
    lineTypeOf,
    offeredRates,
    upstreamOf,
    type LineType,
    type MachineTraffic,
    type TrafficKind,
} from './capacity/line-profile';
export {
    seededRandom,
    trafficSchedule,
    withQuerySamples,
    type Arrival,
    type ScheduleOptions,
} from './capacity/traffic-schedule';
export {
    DEFAULT_SEARCH_PLAN,
    bracketOf,
    nextMachineCount,
    parseSearchSteps,
    type Probe,
    type SearchPlan,
} from './capacity/capacity-search';
export {
    CAPACITY_LIMITS,
    MIN_QUERY_SAMPLES,
    cpuPerMachineSecond,
    figuresOf,
    judgeRound,
    networkCpuSeconds,
    type ArrivalRecord,
    type CapacityRound,
    type KindFigures,
} from './capacity/round-verdict';
export { neighbourOf, responderOf, type RoutedMachine } from './capacity/traffic-routes';
export {
    CAPACITY_HEADING,
    bottleneckOf,
    profileTable,
    roundsTable,
    toCapacitySection,
    type CapacityRun,
} from './capacity/capacity-report';
export { DEFAULT_CAPACITY_OPTIONS, parseCapacityArguments } from './capacity/capacity-arguments';
export { batchingSender, type BatchSubmit } from './capacity/batching-sender';
export type { Delivery } from './capacity/delivery-sender';
