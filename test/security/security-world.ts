import { expect } from 'chai';
import { waitForBlock } from '@spindle/client';
import {
    CONTRACT_NAMES,
    LIMITS,
    PROBE_TRANSACTIONS,
    mailboxEntrySchema,
    pageSchema,
    parseErrorCode,
    qualifiedName,
    type ErrorCode,
} from '@spindle/chaincode/protocol';
import { MILLS, type IdentitySpec } from '../contract-suite';
import { machineIdentity, operatorOf } from '../contract-suite/fixture';
import { SuiteWorld } from '../contract-suite/suite-world';
import { TX } from '../contract-suite/transactions';
import { channelHeightOf } from '../support/channel-height';
import { GatewayHarness } from '../support/gateway-harness';
import { testNetwork } from '../support/local-network';

const mailboxPage = pageSchema(mailboxEntrySchema);

/** The machines every security test may use: ACTIVE in the suite's own chaincode namespace. */
export const ACTIVE_MACHINES = ['carding-a1', 'drawing-b1', 'comber-c1', 'lap-former-b1'] as const;

/**
 * The security suite's ledger: a fresh chaincode namespace on the real network (the contract
 * suite's GatewayHarness), so fixed machine IDs start clean and any identity can be enrolled,
 * impostors included. Every test talks to it through the Fabric Gateway.
 */
export class SecurityWorld extends SuiteWorld {
    constructor(readonly gateway: GatewayHarness) {
        super(gateway);
    }

    /** The channel's block height as MillA's peer has it. */
    async height(): Promise<bigint> {
        return channelHeightOf(await this.gateway.network(operatorOf('MillA')));
    }

    /**
     * Waits until every mill's peer has committed block `blockNumber`, so the next endorsement,
     * on whichever peers, reads what it wrote.
     */
    async committedEverywhere(blockNumber: bigint): Promise<void> {
        await Promise.all(
            MILLS.map(async (mill) => waitForBlock(await this.gateway.network(operatorOf(mill)), blockNumber)),
        );
    }

    /** How many entries a machine's inbox holds, read as the machine. */
    async inboxSize(machineId: string): Promise<number> {
        let count = 0;
        let bookmark = '';
        do {
            const page = await this.evaluateFor(mailboxPage, machineIdentity(machineId), TX.communication.listMailbox, [
                JSON.stringify({ machineId, mailbox: 'inbox', pageSize: LIMITS.pageSizeMax, bookmark }),
            ]);
            count += page.items.length;
            bookmark = page.bookmark;
        } while (bookmark !== '');
        return count;
    }

    /**
     * Asserts every mill's peer still answers `Probe:ping` for the chaincode: the network is healthy.
     */
    async expectHealthy(): Promise<void> {
        const ping = qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.ping);
        for (const mill of MILLS) {
            const answer = JSON.parse(Buffer.from(await this.harness.evaluate(operatorOf(mill), ping)).toString()) as {
                mspId?: string;
            };
            expect(answer.mspId).to.equal(`${mill}MSP`);
        }
    }

    /**
     * Asserts that `action` is refused with `code` and wrote nothing: the block height did not
     * move (the suite sends nothing else meanwhile) and the named inboxes hold what they held.
     */
    async refusesWithoutWrites(
        code: ErrorCode,
        action: () => Promise<unknown>,
        inboxes: readonly string[] = [],
    ): Promise<void> {
        const heightBefore = await this.height();
        const inboxesBefore = await Promise.all(inboxes.map((machineId) => this.inboxSize(machineId)));
        const failure = await action().then(
            () => undefined,
            (error: unknown) => error,
        );
        if (!(failure instanceof Error)) {
            expect.fail(`expected a refusal with ${code}, but the transaction succeeded`);
        }
        expect(parseErrorCode(failure.message), failure.message).to.equal(code);
        expect(await this.height(), 'a refused transaction reached a block').to.equal(heightBefore);
        expect(await Promise.all(inboxes.map((machineId) => this.inboxSize(machineId)))).to.deep.equal(inboxesBefore);
    }

    /** Sends a packet (or bytes posing as one) as `identity`. */
    sendAs(identity: IdentitySpec, transient: Record<string, Uint8Array>): Promise<unknown> {
        return this.submit(identity, TX.communication.send, [], transient);
    }
}

let shared: Promise<SecurityWorld> | undefined;

/** The suite's one ledger, made on first use: deploys the namespace and activates the machines. */
export function securityWorld(): Promise<SecurityWorld> {
    shared ??= (async () => {
        const world = new SecurityWorld(await GatewayHarness.create(testNetwork().ctx));
        await world.activate(...ACTIVE_MACHINES);
        return world;
    })();
    return shared;
}

after(async function () {
    await (await shared)?.harness.close();
    shared = undefined;
});
