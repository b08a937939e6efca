import { peer } from '@hyperledger/fabric-protos';
import type { NetworkContext } from '@spindle/network';

import { endorserClient } from './endpoints';
import { type ProposalSpec, buildProposal } from './proposal';

/** A peer's answer to a proposal: its chaincode response, and its endorsement when it gave one. */
export interface PeerAnswer {
    /** 200 when the peer endorsed; 500 (or the chaincode's status) when it refused. */
    status: number;
    message: string;
    /** The chaincode's response payload. */
    payload: Uint8Array;
    /** The signed `ProposalResponsePayload`, empty when refused. */
    responsePayload: Uint8Array;
    endorsement?: peer.Endorsement;
}

/**
 * Sends a signed proposal straight to a mill's peer (Endorser.ProcessProposal over TLS). A peer
 * that refuses before running the chaincode (bad signature, an ACL, a duplicate transaction ID,
 * a proposal out of its time bound) answers with a gRPC error, returned here as status 0.
 */
export async function processProposal(
    ctx: NetworkContext,
    millName: string,
    signedProposal: peer.SignedProposal,
): Promise<PeerAnswer> {
    const client = endorserClient(ctx, millName);
    try {
        return await new Promise<PeerAnswer>((resolve) => {
            client.processProposal(signedProposal, { deadline: Date.now() + 60_000 }, (error, answer) => {
                if (error !== null || answer === undefined) {
                    resolve({
                        status: 0,
                        message: error?.message ?? 'no answer',
                        payload: new Uint8Array(),
                        responsePayload: new Uint8Array(),
                    });
                    return;
                }
                const response = answer.getResponse();
                resolve({
                    status: response?.getStatus() ?? 0,
                    message: response?.getMessage() ?? '',
                    payload: response?.getPayload_asU8() ?? new Uint8Array(),
                    responsePayload: answer.getPayload_asU8(),
                    ...(answer.getEndorsement() === undefined ? {} : { endorsement: answer.getEndorsement() }),
                });
            });
        });
    } finally {
        client.close();
    }
}

/**
 * Evaluates a chaincode function through one mill's peer with a proposal built by hand: reads
 * for comparison, never the attack.
 *
 * @throws Error EVALUATE_FAILED with the peer's message when the peer does not answer 200.
 */
export async function evaluateOn(ctx: NetworkContext, millName: string, spec: ProposalSpec): Promise<Uint8Array> {
    const answer = await processProposal(ctx, millName, buildProposal(spec).signedProposal);
    if (answer.status !== 200) {
        throw new Error(`EVALUATE_FAILED: ${millName}'s peer answered ${String(answer.status)}: ${answer.message}`);
    }
    return answer.payload;
}

/** The `ChaincodeAction` inside a signed response payload: the rwset and chaincode ID it carries. */
export function chaincodeActionOf(responsePayload: Uint8Array): peer.ChaincodeAction {
    const payload = peer.ProposalResponsePayload.deserializeBinary(responsePayload);
    return peer.ChaincodeAction.deserializeBinary(payload.getExtension_asU8());
}
