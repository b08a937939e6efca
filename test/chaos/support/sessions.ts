import { readFileSync } from 'node:fs';

import { type CommitTiming, type ResendListener, SpindleGateway } from '@spindle/client';

import { profileOf, testNetwork } from '../../support/local-network';

/**
 * Opens a Spindle session as a mill's operator. Chaos cases shorten the wait for a commit
 * status, so a transaction an orderer took to its grave is sent again within seconds.
 */
export function operatorSession(
    millName: string,
    commitTiming?: Partial<CommitTiming>,
    onResend?: ResendListener,
): SpindleGateway {
    const profile = profileOf(millName);
    return SpindleGateway.open({
        peerEndpoint: profile.peerEndpoint,
        tlsRootCertificate: profile.tlsRootCertificate,
        channel: profile.channel,
        chaincode: profile.chaincode,
        mspId: profile.mspId,
        certificatePem: readFileSync(profile.identities.operator.certificate, 'utf8'),
        privateKeyPem: readFileSync(profile.identities.operator.privateKey, 'utf8'),
        mspIds: testNetwork().ctx.config.mills.map((mill) => mill.mspId),
        ...(commitTiming ? { commitTiming } : {}),
        ...(onResend ? { onResend } : {}),
    });
}
