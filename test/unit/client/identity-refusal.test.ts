import type { ServiceError } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { expect } from 'chai';

import { exitCodeOf, toSpindleError } from '@spindle/client';

/** A gateway error as the Fabric Gateway reports an endorser's answer. */
function gatewayError(code: number, message: string, peerMessage?: string): GatewayError {
    return new GatewayError({
        code,
        details:
            peerMessage === undefined ? [] : [{ address: '127.0.0.1:7051', mspId: 'MillAMSP', message: peerMessage }],
        cause: {} as ServiceError,
        message,
    });
}

const FAILED_PRECONDITION = 9;
const ABORTED = 10;
const PERMISSION_DENIED = 7;
const UNAVAILABLE = 14;

/** What MillA's peer answered a self-signed certificate claiming MillAMSP, on the local network. */
const UNKNOWN_CA = 'error validating proposal: access denied: channel [m2m] creator org unknown, creator is malformed';

describe('a peer refusing the caller’s identity', function () {
    it('is IDENTITY_REFUSED, exit code 27, for an evaluate and a submit from an unknown CA', function () {
        for (const error of [
            gatewayError(
                FAILED_PRECONDITION,
                `9 FAILED_PRECONDITION: evaluate call to endorser returned error: ${UNKNOWN_CA}`,
                UNKNOWN_CA,
            ),
            gatewayError(
                ABORTED,
                '10 ABORTED: failed to endorse transaction, see attached details for more info',
                UNKNOWN_CA,
            ),
        ]) {
            const mapped = toSpindleError(error);
            expect(mapped.code).to.equal('IDENTITY_REFUSED');
            expect(exitCodeOf(mapped.code)).to.equal(27);
        }
    });

    it('is IDENTITY_REFUSED for a known MSP refusing an invalid or revoked certificate, and for the gateway ACL', function () {
        for (const error of [
            gatewayError(ABORTED, 'failed to endorse', 'access denied: channel [m2m] creator org [MillAMSP]'),
            gatewayError(ABORTED, 'failed', 'the supplied identity is not valid: x509: certificate has expired'),
            gatewayError(PERMISSION_DENIED, '7 PERMISSION_DENIED: failed to get commit status'),
        ]) {
            expect(toSpindleError(error).code).to.equal('IDENTITY_REFUSED');
        }
    });

    it('leaves the chaincode’s own refusals, outages and other endorsement failures as they were', function () {
        expect(
            toSpindleError(
                gatewayError(
                    ABORTED,
                    'failed',
                    'chaincode response 500, NOT_AUTHORIZED: the caller is not the registered identity',
                ),
            ).code,
        ).to.equal('NOT_AUTHORIZED');
        expect(toSpindleError(gatewayError(UNAVAILABLE, '14 UNAVAILABLE: no connection')).code).to.equal('UNAVAILABLE');
        expect(
            toSpindleError(
                gatewayError(ABORTED, 'failed to endorse', 'error in simulation: transaction returned with failure'),
            ).code,
        ).to.equal('ENDORSEMENT_FAILED');
    });
});
