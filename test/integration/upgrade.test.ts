import { expect } from 'chai';

import { type NetworkContext, committedDefinition, deployChaincode, prepareRelease } from '@spindle/network';

import { testNetwork } from '../support/local-network';

/** The network with another chaincode version label: a definition the channel has not committed. */
function withVersion(ctx: NetworkContext, version: string): NetworkContext {
    return { ...ctx, config: { ...ctx.config, chaincode: { ...ctx.config.chaincode, version } } };
}

describe('chaincode upgrade', function () {
    it('refuses a definition approved by fewer than a majority of mills', async function () {
        const { ctx } = testNetwork();
        const release = await prepareRelease(withVersion(ctx, `${ctx.config.chaincode.version}-minority`));
        const millA = ctx.config.mills.filter((mill) => mill.name === 'MillA');
        const refused = await deployChaincode(ctx, release, millA).then(
            () => undefined,
            (error: unknown) => error,
        );
        expect(refused).to.have.property('code', 'CONFIG_INVALID');
    });

    it('commits a new sequence approved by a majority, then by the last mill, keeping every collection', async function () {
        const { ctx } = testNetwork();
        const [millA, millB] = ctx.config.mills;
        const before = await committedDefinition(ctx, millA!);
        const next = withVersion(ctx, `${ctx.config.chaincode.version}-upgrade-${Date.now()}`);
        const release = await prepareRelease(next);
        const outcome = await deployChaincode(next, release, [millA!, millB!]);
        expect(outcome.committed).to.equal(true);
        expect(outcome.sequence).to.equal((before?.sequence ?? 0) + 1);
        expect((await committedDefinition(ctx, millA!))?.version).to.equal(release.version);

        // MillC approves the committed definition afterwards; nothing new is committed.
        const caughtUp = await deployChaincode(next, release, ctx.config.mills);
        expect(caughtUp.committed).to.equal(false);
        expect(caughtUp.sequence).to.equal(outcome.sequence);
    });
});
