/**
 * The contract suite: every Spindle transaction, its rules and its refusals, written against
 * `LedgerHarness` so the same tests run on the in-memory stub and on a real Fabric network.
 */
import { describeBatch } from './batch.suite';
import { describeCommunication } from './communication.suite';
import type { HarnessFactory } from './harness';
import { describeHousekeeping } from './housekeeping.suite';
import { describeMachineRegistry } from './machine-registry.suite';
import { describeMaterialLedger } from './material-ledger.suite';
import { describeQueryFlow } from './query-flow.suite';
import { SuiteWorld } from './suite-world';

export type {
    ChaincodeEventRecord,
    Credentials,
    HarnessFactory,
    IdentityRole,
    IdentitySpec,
    LedgerHarness,
    MillName,
    SubmitResult,
} from './harness';
export { MILLS } from './harness';
export { SUITE_MACHINES, mspIdOf } from './fixture';
export type { SuiteMachine } from './fixture';

/**
 * Registers the contract suite's mocha `describe` blocks. `factory` is called once, before the
 * first test, for a fresh ledger the whole suite then shares; the harness is closed at the end.
 */
export function registerContractSuite(ledgerName: string, factory: HarnessFactory): void {
    describe(`Spindle contracts on ${ledgerName}`, function () {
        let world: SuiteWorld | undefined;
        const current = (): SuiteWorld => {
            if (world === undefined) {
                throw new Error('the contract suite has no ledger: its before hook did not run');
            }
            return world;
        };

        before(async function () {
            world = new SuiteWorld(await factory());
        });

        after(async function () {
            await world?.harness.close();
        });

        describeMachineRegistry(current);
        describeMaterialLedger(current);
        describeCommunication(current);
        describeBatch(current);
        describeQueryFlow(current);
        describeHousekeeping(current);
    });
}
