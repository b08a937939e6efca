import { expect } from 'chai';
import { GatewayError } from '@hyperledger/fabric-gateway';

import { errorCodeOf } from '@spindle/client';
import {
    type NetworkContext,
    collectionName,
    committedDefinition,
    deployChaincode,
    prepareRelease,
} from '@spindle/network';

import { connectAs, testNetwork } from '../support/local-network';

/** A machine the manifest does not list, added the way a mill adds a new machine. */
const NEW_MACHINE = 'winder-b9';

function withNewMachine(ctx: NetworkContext): NetworkContext {
    const consortium = {
        ...ctx.consortium,
        mills: ctx.consortium.mills.map((mill) =>
            mill.name === 'MillB'
                ? { ...mill, machines: [...mill.machines, { id: NEW_MACHINE, type: 'winder' as const }] }
                : mill,
        ),
    };
    return { ...ctx, consortium };
}

describe('chaincode upgrade', function () {
    it('refuses a definition approved by fewer than a majority of mills', async function () {
        const { ctx } = testNetwork();
        const release = await prepareRelease(ctx);
        const millA = ctx.config.mills.filter((mill) => mill.name === 'MillA');
        const refused = await deployChaincode(ctx, release, millA).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(refused).to.have.property('code', 'CONFIG_INVALID');
    });

    it("commits a new sequence with a new machine's collection, approved by a majority, then by the last mill", async function () {
        const { ctx } = testNetwork();
        const grown = withNewMachine(ctx);
        const [millA, millB] = ctx.config.mills;
        const before = await committedDefinition(ctx, millA!);
        const release = await prepareRelease(grown);
        const outcome = await deployChaincode(grown, release, [millA!, millB!]);

        if (before?.version === release.version) {
            expect(outcome.committed).to.equal(false);
            expect(outcome.sequence).to.equal(before.sequence);
        } else {
            expect(outcome.committed).to.equal(true);
            expect(outcome.sequence).to.equal((before?.sequence ?? 0) + 1);
        }
        expect((await committedDefinition(ctx, millA!))?.version).to.equal(release.version);

        // MillC approves the committed definition afterwards; nothing new is committed.
        const caughtUp = await deployChaincode(grown, release, ctx.config.mills);
        expect(caughtUp.committed).to.equal(false);
        expect(caughtUp.sequence).to.equal(outcome.sequence);

        const millBClient = connectAs('MillB');
        const millAClient = connectAs('MillA');
        try {
            const collection = collectionName(NEW_MACHINE);
            const contract = (client: typeof millBClient) =>
                client.gateway.getNetwork('m2m').getContract('spindle', 'Probe');
            // Probe writes only to registered machines' collections, so read: MillB, the member,
            // gets the chaincode's own NOT_FOUND for a key never written; MillA is kept out by Fabric.
            const read = await contract(millBClient)
                .evaluateTransaction('getPrivate', collection, 'first-setting')
                .then(
                    () => undefined,
                    (error: unknown) => error,
                );
            expect(errorCodeOf(read)).to.equal('NOT_FOUND');
            const refused = await contract(millAClient)
                .evaluateTransaction('getPrivate', collection, 'first-setting')
                .then(
                    () => undefined,
                    (error: unknown) => error,
                );
            expect(refused).to.be.instanceOf(GatewayError);
            expect(errorCodeOf(refused), 'Fabric, not the chaincode, refuses a non-member').to.equal(undefined);
        } finally {
            millBClient.close();
            millAClient.close();
        }
    });
});
