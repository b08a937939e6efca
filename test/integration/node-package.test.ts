import { expect } from 'chai';

import { deployChaincode, prepareRelease } from '@spindle/network';

import { connectAs, testNetwork } from '../support/local-network';

describe('the chaincode as a plain Node package', function () {
    this.timeout(15 * 60_000);

    it('packages with --lang node, builds on every peer with npm ci, and answers through the gateway', async function () {
        const { ctx } = testNetwork();
        const release = await prepareRelease(ctx, { kind: 'node' });
        expect(release.name).to.equal('spindle-node');
        const outcome = await deployChaincode(ctx, release);
        expect(outcome.packageId.startsWith(`${release.label}:`)).to.equal(true);

        const millC = connectAs('MillC');
        try {
            const probe = millC.gateway.getNetwork('m2m').getContract('spindle-node', 'Probe');
            const answer: unknown = JSON.parse(new TextDecoder().decode(await probe.evaluateTransaction('ping')));
            expect(answer).to.have.property('mspId', 'MillCMSP');
            await probe.submitTransaction('put', 'node-package-check', 'ok');
            expect(new TextDecoder().decode(await probe.evaluateTransaction('get', 'node-package-check'))).to.equal(
                'ok',
            );
        } finally {
            millC.close();
        }
    });
});
