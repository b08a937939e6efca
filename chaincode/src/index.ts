/**
 * The Spindle chaincode. fabric-chaincode-node loads this module and registers every class in
 * `contracts`; the first one is the default contract.
 */
import type { Contract } from 'fabric-contract-api';
import {
    AreaMigrationContract,
    CommunicationContract,
    HousekeepingContract,
    MachineRegistryContract,
    MaterialLedgerContract,
    ProbeContract,
    QueryFlowContract,
} from './contracts';
import { skipUnwrittenShimLogs } from './shim-logging';

skipUnwrittenShimLogs();

export {
    AreaMigrationContract,
    CommunicationContract,
    HousekeepingContract,
    MachineRegistryContract,
    MaterialLedgerContract,
    PROBE_PUT_EVENT,
    ProbeContract,
    QueryFlowContract,
} from './contracts';

/** The contracts the chaincode serves, `Probe` first as the default. */
export const contracts: (new () => Contract)[] = [
    ProbeContract,
    MachineRegistryContract,
    MaterialLedgerContract,
    CommunicationContract,
    QueryFlowContract,
    AreaMigrationContract,
    HousekeepingContract,
];
