import { GatewayError } from '@hyperledger/fabric-gateway';

/** gRPC's PERMISSION_DENIED: the gateway's channel ACL refused the caller (commit status, events). */
const PERMISSION_DENIED = 7;

/**
 * How a Fabric peer words a refusal of the caller's identity itself, before any chaincode runs:
 * a certificate from a CA no mill's MSP trusts, an MSP the channel does not know, or a
 * certificate that is expired, revoked or otherwise invalid (Fabric's proposal validation and
 * its MSP and policy checks).
 */
const IDENTITY_REFUSALS = [
    /access denied: channel \[[^\]]*\] creator org/i,
    /creator certificate is not valid/i,
    /supplied identity is not valid/i,
    /identity is not valid/i,
    /MSP [^ ]+ is not defined on channel/i,
];

/**
 * Whether a gateway error is the peer refusing the caller's identity (an impostor, an unknown CA,
 * an expired or revoked certificate), as opposed to an outage or an endorsement that failed for
 * another reason. The chaincode never saw such a call.
 */
export function isIdentityRefusal(error: unknown): boolean {
    if (!(error instanceof GatewayError)) {
        return false;
    }
    if (error.code === PERMISSION_DENIED) {
        return true;
    }
    const messages = [error.message, ...error.details.map((detail) => detail.message)];
    return messages.some((message) => IDENTITY_REFUSALS.some((pattern) => pattern.test(message)));
}
