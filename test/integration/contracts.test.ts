import { registerContractSuite } from '../contract-suite';
import { GatewayHarness } from '../support/gateway-harness';
import { testNetwork } from '../support/local-network';

// The same suite as test/unit/contracts.test.ts, on the real network: the stub cannot drift.
registerContractSuite('the real three-mill network', () => GatewayHarness.create(testNetwork().ctx));
