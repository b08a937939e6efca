import { registerContractSuite } from '../contract-suite';
import { StubHarness } from './support/stub-harness';

registerContractSuite('the in-memory stub', () => Promise.resolve(new StubHarness()));
