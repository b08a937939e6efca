/**
 * The Spindle chaincode. fabric-chaincode-node loads this module and registers every class in
 * `contracts`; the first one is the default contract.
 */
import { ProbeContract } from './contracts/probe-contract';

export { ProbeContract, PROBE_PUT_EVENT } from './contracts/probe-contract';

export const contracts: (typeof ProbeContract)[] = [ProbeContract];
