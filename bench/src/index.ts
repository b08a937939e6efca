// The bench's pure pieces, for unit tests: percentiles, target verdicts, the report and its chart.
export { nearestRank, percentilesOf, type Percentiles } from './percentiles';
export { summarise, type LoadResult, type TransactionRecord } from './harness';
export { judgeTargets, type TargetVerdict } from './targets';
export { toMarkdown, type BenchReport } from './report';
export { toSvg } from './chart';
export type { WorkloadResult } from './workloads/workload';
export type { MachineInfo } from './machine-info';
export { stageShares, PEER_STAGES } from './profile-stages';
export { privatePut } from './workloads/private-put';
export type { BenchContext } from './bench-context';
