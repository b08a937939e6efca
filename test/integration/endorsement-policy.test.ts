import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';

import { committedDefinition, status } from '@spindle/network';

import { GatewayHarness } from '../support/gateway-harness';
import { testNetwork } from '../support/local-network';

const MAJORITY_OF_PEERS = "OutOf(2, 'MillAMSP.peer', 'MillBMSP.peer', 'MillCMSP.peer')";

describe("the chaincode's endorsement policy", function () {
    it("is committed explicitly as a majority of the mills' peers, and status shows it", async function () {
        const { ctx } = testNetwork();
        expect((await status(ctx)).chaincode?.endorsementPolicy).to.equal(MAJORITY_OF_PEERS);

        const cli = spawnSync(process.execPath, [join(ctx.paths.repoRoot, 'network', 'dist', 'cli.js'), 'status'], {
            encoding: 'utf8',
            timeout: 120_000,
        });
        expect(cli.status, cli.stderr).to.equal(0);
        expect(cli.stdout).to.include(`endorsement policy: ${MAJORITY_OF_PEERS}`);
    });

    it("is the same majority on the contract suite's fresh namespaces", async function () {
        const { ctx } = testNetwork();
        const harness = await GatewayHarness.create(ctx);
        const [millA] = ctx.config.mills;
        const definition = await committedDefinition(ctx, millA!, harness.chaincodeName);
        await harness.close();
        expect(definition?.endorsementPolicy).to.equal(MAJORITY_OF_PEERS);
    });
});
