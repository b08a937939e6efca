/**
 * One typed client per chaincode contract (machine registry, material ledger, communication,
 * query flow) over a `SpindleGateway`, and `MachineSession`: a machine's own session with all four.
 */
export { MachineRegistryClient } from './machine-registry-client';
export { MaterialLedgerClient } from './material-ledger-client';
export { mergeGenealogyPages } from './genealogy-pages';
export { CommunicationClient, deliverPacket } from './communication-client';
export { QueryFlowClient } from './query-flow-client';
export { MachineSession } from './machine-session';
