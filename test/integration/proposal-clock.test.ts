import * as grpc from '@grpc/grpc-js';
import { expect } from 'chai';

import { newSignedProposal, processProposal } from '../support/raw-proposal';
import { operatorOf, profileOf, testNetwork } from '../support/local-network';

const utf8 = new TextDecoder();

/** Probe:ping signed by MillA's operator, stamped `ageMs` before now, sent straight to MillA's peer. */
async function pingStamped(ageMs: number): Promise<{ status: number; message: string; payload: string }> {
    const { ctx } = testNetwork();
    const profile = profileOf('MillA');
    const signed = await newSignedProposal({
        channel: ctx.config.channel,
        chaincode: ctx.config.chaincode.name,
        args: ['Probe:ping'],
        mspId: profile.mspId,
        identity: operatorOf(profile),
        timestamp: new Date(Date.now() - ageMs),
    });
    const response = await processProposal(profile, signed).catch((error: unknown) => {
        // An auth filter's refusal comes back as a gRPC error of code UNKNOWN; anything else
        // (unreachable peer, a malformed call) is this test's failure, not a refusal.
        if ((error as { code?: unknown }).code !== grpc.status.UNKNOWN) {
            throw error;
        }
        return { refusedBeforeChaincode: (error as Error).message };
    });
    if ('refusedBeforeChaincode' in response) {
        return { status: 403, message: response.refusedBeforeChaincode, payload: '' };
    }
    const result = response.getResponse();
    return {
        status: result?.getStatus() ?? 0,
        message: result?.getMessage() ?? '',
        payload: utf8.decode(result?.getPayload_asU8() ?? new Uint8Array()),
    };
}

describe("a peer and the proposal's clock", function () {
    it('endorses a proposal stamped now, sent straight to the Endorser service', async function () {
        const answer = await pingStamped(0);
        expect(answer.status, answer.message).to.equal(200);
    });

    // Fabric 2.5.9 has no auth filter for proposal timestamps (its handler library offers
    // DefaultAuth and ExpirationCheck only; TimeWindowCheck arrived in Fabric 3.0, and its
    // peer.authentication.timewindow guards only Deliver requests). Every Spindle transaction
    // checks the proposal's time against the endorsing peer's clock itself, before it runs.
    for (const [what, offsetMs] of [
        ['20 minutes before', 20 * 60_000],
        ['a minute after', -60_000],
    ] as const) {
        it(`refuses with EXPIRED a proposal stamped ${what} the peer's clock`, async function () {
            const answer = await pingStamped(offsetMs);
            expect(answer.status, `the peer endorsed it: ${answer.payload}`).to.be.greaterThanOrEqual(400);
            expect(answer.message).to.match(/EXPIRED/);
        });
    }
});
