import type { Contract, ProposalOptions } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { type BenchContext, privatePut } from '@spindle/bench';

/** A bench context on three mills whose contract records each proposal and commits it VALID. */
function recordingContext(proposals: ProposalOptions[]): BenchContext {
    const contract = {
        submitAsync: (_name: string, proposal: ProposalOptions) => {
            proposals.push(proposal);
            return Promise.resolve({ getStatus: () => Promise.resolve({ code: 0 }) });
        },
    } as unknown as Contract;
    const mills = ['MillAMSP', 'MillBMSP', 'MillCMSP'].map((mspId) => ({ mspId }));
    return { contract, runId: 'unit', network: { config: { mills } } } as unknown as BenchContext;
}

describe('the bench private put', function () {
    it("asks its collection's owner and a majority of mills to endorse, as the collection policy requires", async function () {
        const proposals: ProposalOptions[] = [];
        await privatePut(
            recordingContext(proposals),
            { concurrency: 1, durationMs: 1000, maxCount: 2 },
            'carding-b1',
            'MillBMSP',
        );
        expect(proposals).to.have.length(2);
        for (const proposal of proposals) {
            // Owner AND one of the others (ownerAndMajorityPolicy): the owner alone ends ENDORSEMENT_POLICY_FAILURE.
            expect(proposal.endorsingOrganizations).to.include('MillBMSP');
            expect(proposal.endorsingOrganizations).to.have.length.of.at.least(2);
        }
    });
});
