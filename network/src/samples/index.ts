export { writeSamplesDeployment, type SamplesOutcome } from './write-samples';
export { parseMillMappingOption, mapMills, type MillMapping } from './mill-mapping';
export { findTestNetwork, type FoundNetwork, type FoundOrganization, type TestNetworkKind } from './found-network';
