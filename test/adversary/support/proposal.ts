import { common, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';

import { type AttackerIdentity, serializeIdentity } from './identities';
import { sha256, signLowS } from './low-s-signature';
import { newNonce, transactionIdOf } from './transaction-id';

/** What a hand-made proposal invokes, and with which header fields the attacker chose. */
export interface ProposalSpec {
    creator: AttackerIdentity;
    channel: string;
    chaincode: string;
    /** The function and its string arguments, e.g. `['MachineRegistry:getMachine', 'carding-a1']`. */
    args: string[];
    transient?: Record<string, Uint8Array>;
    /** The transaction timestamp; the attacker's to choose. Now by default. */
    timestamp?: Date;
    nonce?: Uint8Array;
}

/** A proposal and the parts of it a transaction envelope repeats. */
export interface HandMadeProposal {
    transactionId: string;
    signedProposal: peer.SignedProposal;
    channelHeader: Uint8Array;
    signatureHeader: Uint8Array;
    /** `ChaincodeProposalPayload` without the transient map: what the envelope carries. */
    proposalPayloadForEnvelope: Uint8Array;
    /** SHA-256 of channel header, signature header and that payload: the proposal hash endorsers sign. */
    proposalHash: Uint8Array;
}

/**
 * Builds and signs a chaincode proposal by hand: an ENDORSER_TRANSACTION channel header with
 * the attacker's timestamp and the transaction ID SHA-256(nonce ‖ creator), a signature header,
 * and the invocation with its transient map.
 */
export function buildProposal(spec: ProposalSpec): HandMadeProposal {
    const creator = serializeIdentity(spec.creator);
    const nonce = spec.nonce ?? newNonce();
    const transactionId = transactionIdOf(nonce, creator);

    const extension = new peer.ChaincodeHeaderExtension();
    extension.setChaincodeId(chaincodeId(spec.chaincode));
    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setChannelId(spec.channel);
    channelHeader.setTxId(transactionId);
    channelHeader.setEpoch(0);
    channelHeader.setTimestamp(timestampOf(spec.timestamp ?? new Date()));
    channelHeader.setExtension$(extension.serializeBinary());
    const channelHeaderBytes = channelHeader.serializeBinary();

    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creator);
    signatureHeader.setNonce(nonce);
    const signatureHeaderBytes = signatureHeader.serializeBinary();

    const input = new peer.ChaincodeInput();
    input.setArgsList(spec.args.map((arg) => Buffer.from(arg, 'utf8')));
    const chaincodeSpec = new peer.ChaincodeSpec();
    chaincodeSpec.setType(peer.ChaincodeSpec.Type.NODE);
    chaincodeSpec.setChaincodeId(chaincodeId(spec.chaincode));
    chaincodeSpec.setInput(input);
    const invocation = new peer.ChaincodeInvocationSpec();
    invocation.setChaincodeSpec(chaincodeSpec);

    const envelopePayload = new peer.ChaincodeProposalPayload();
    envelopePayload.setInput(invocation.serializeBinary());
    const proposalPayloadForEnvelope = envelopePayload.serializeBinary();
    const proposalPayload = new peer.ChaincodeProposalPayload();
    proposalPayload.setInput(invocation.serializeBinary());
    // jspb.Map has no types here; it is a map with a set method.
    const transientMap = proposalPayload.getTransientmapMap() as unknown as Map<string, Uint8Array>;
    for (const [key, value] of Object.entries(spec.transient ?? {})) {
        transientMap.set(key, value);
    }

    const header = new common.Header();
    header.setChannelHeader(channelHeaderBytes);
    header.setSignatureHeader(signatureHeaderBytes);
    const proposal = new peer.Proposal();
    proposal.setHeader(header.serializeBinary());
    proposal.setPayload(proposalPayload.serializeBinary());
    const proposalBytes = proposal.serializeBinary();

    const signedProposal = new peer.SignedProposal();
    signedProposal.setProposalBytes(proposalBytes);
    signedProposal.setSignature(signLowS(spec.creator.privateKey, proposalBytes));
    return {
        transactionId,
        signedProposal,
        channelHeader: channelHeaderBytes,
        signatureHeader: signatureHeaderBytes,
        proposalPayloadForEnvelope,
        proposalHash: sha256(channelHeaderBytes, signatureHeaderBytes, proposalPayloadForEnvelope),
    };
}

/** A `google.protobuf.Timestamp` of a date, to the millisecond. */
export function timestampOf(date: Date): Timestamp {
    const millis = date.getTime();
    const timestamp = new Timestamp();
    timestamp.setSeconds(Math.floor(millis / 1000));
    timestamp.setNanos((millis % 1000) * 1_000_000);
    return timestamp;
}

function chaincodeId(name: string): peer.ChaincodeID {
    const id = new peer.ChaincodeID();
    id.setName(name);
    return id;
}
