import type { ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { isRetryableEndorsementFailure } from '@spindle/client';

const ABORTED = 10;

function aborted(detailMessage: string): GatewayError {
    return new GatewayError({
        code: ABORTED,
        details: [{ address: 'peer0.millb:7051', mspId: 'MillBMSP', message: detailMessage }],
        cause: {} as ServiceError,
        message: '10 ABORTED: failed to collect enough transaction endorsements, see attached details for more info',
    });
}

describe('retrying an endorsement', function () {
    it('retries one whose endorsers answered different read sets (a key such as the prune watermark just moved)', function () {
        expect(isRetryableEndorsementFailure(aborted('ProposalResponsePayloads do not match'))).to.equal(true);
    });

    it('does not retry an ABORTED endorsement for another reason', function () {
        expect(isRetryableEndorsementFailure(aborted('chaincode stream terminated'))).to.equal(false);
    });
});
