import { readFileSync } from 'node:fs';

import { type CommitTiming, type ResendListener, SpindleGateway } from '@spindle/client';

import { operatorOf, profileOf, testNetwork } from '../../support/local-network';

/**
 * Opens a Spindle session as a mill's operator, through its own peer's gateway or, with
 * `throughMill`, another mill's. Chaos cases shorten the wait for a commit status, so a
 * transaction an orderer took to its grave is sent again within seconds.
 */
export function operatorSession(
    millName: string,
    commitTiming?: Partial<CommitTiming>,
    onResend?: ResendListener,
    throughMill = millName,
): SpindleGateway {
    const profile = profileOf(millName);
    const gatewayPeer = profileOf(throughMill);
    return SpindleGateway.open({
        peerEndpoint: gatewayPeer.peerEndpoint,
        tlsRootCertificate: gatewayPeer.tlsRootCertificate,
        tlsServerName: gatewayPeer.tlsServerName,
        channel: profile.channel,
        chaincode: profile.chaincode,
        mspId: profile.mspId,
        certificatePem: readFileSync(operatorOf(profile).certificate, 'utf8'),
        privateKeyPem: readFileSync(operatorOf(profile).privateKey, 'utf8'),
        mspIds: testNetwork().ctx.config.mills.map((mill) => mill.mspId),
        ...(commitTiming ? { commitTiming } : {}),
        ...(onResend ? { onResend } : {}),
    });
}
