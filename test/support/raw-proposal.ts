import { createHash, createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signers } from '@hyperledger/fabric-gateway';
import { common, msp, peer } from '@hyperledger/fabric-protos';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';

import { newPeerClient } from '@spindle/client';
import type { GatewayProfile, IdentityFiles } from '@spindle/network';

/** What a hand-built proposal invokes, as whom, and the time its channel header claims. */
export interface RawProposalSpec {
    channel: string;
    chaincode: string;
    /** The function first (`Probe:ping`), then its arguments. */
    args: string[];
    mspId: string;
    identity: IdentityFiles;
    timestamp: Date;
}

/** A proposal's parts, which a hand-built transaction reuses. */
export interface RawProposal {
    txId: string;
    /** The serialized Header (channel header and signature header). */
    header: Uint8Array;
    /** The serialized ChaincodeProposalPayload. */
    payload: Uint8Array;
    /** The serialized Proposal. */
    proposal: Uint8Array;
}

/**
 * Builds a chaincode proposal with no SDK in between, the way an attacker holding a client's key
 * would: channel header (timestamp chosen freely), signature header, invocation spec.
 */
export function newRawProposal(spec: RawProposalSpec): RawProposal {
    const creator = new msp.SerializedIdentity();
    creator.setMspid(spec.mspId);
    creator.setIdBytes(readFileSync(spec.identity.certificate));
    const creatorBytes = creator.serializeBinary();
    const nonce = randomBytes(24);
    // Fabric checks the transaction ID is SHA-256 over nonce and creator.
    const txId = createHash('sha256').update(nonce).update(creatorBytes).digest('hex');

    const extension = new peer.ChaincodeHeaderExtension();
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(spec.chaincode);
    extension.setChaincodeId(chaincodeId);

    const channelHeader = new common.ChannelHeader();
    channelHeader.setType(common.HeaderType.ENDORSER_TRANSACTION);
    channelHeader.setChannelId(spec.channel);
    channelHeader.setTxId(txId);
    channelHeader.setTimestamp(Timestamp.fromDate(spec.timestamp));
    channelHeader.setExtension$(extension.serializeBinary());

    const signatureHeader = new common.SignatureHeader();
    signatureHeader.setCreator(creatorBytes);
    signatureHeader.setNonce(nonce);

    const header = new common.Header();
    header.setChannelHeader(channelHeader.serializeBinary());
    header.setSignatureHeader(signatureHeader.serializeBinary());

    const input = new peer.ChaincodeInput();
    input.setArgsList(spec.args.map((arg) => Buffer.from(arg)));
    const chaincodeSpec = new peer.ChaincodeSpec();
    chaincodeSpec.setChaincodeId(chaincodeId);
    chaincodeSpec.setInput(input);
    const invocation = new peer.ChaincodeInvocationSpec();
    invocation.setChaincodeSpec(chaincodeSpec);
    const payload = new peer.ChaincodeProposalPayload();
    payload.setInput(invocation.serializeBinary());

    const proposal = new peer.Proposal();
    proposal.setHeader(header.serializeBinary());
    proposal.setPayload(payload.serializeBinary());
    return {
        txId,
        header: proposal.getHeader_asU8(),
        payload: proposal.getPayload_asU8(),
        proposal: proposal.serializeBinary(),
    };
}

/** Signs bytes as Fabric expects: ECDSA P-256 over their SHA-256, low-S. */
export function signWith(identity: IdentityFiles, bytes: Uint8Array): Promise<Uint8Array> {
    const sign = signers.newPrivateKeySigner(createPrivateKey(readFileSync(identity.privateKey)));
    return sign(createHash('sha256').update(bytes).digest());
}

/** A proposal built by {@link newRawProposal} and signed with the creator's key. */
export async function newSignedProposal(spec: RawProposalSpec): Promise<peer.SignedProposal> {
    const { proposal } = newRawProposal(spec);
    const signed = new peer.SignedProposal();
    signed.setProposalBytes(proposal);
    signed.setSignature(await signWith(spec.identity, proposal));
    return signed;
}

/**
 * Sends a signed proposal straight to a mill's peer through the Endorser service's
 * ProcessProposal, bypassing its Gateway service. Resolves with the peer's response, or rejects
 * with the gRPC error when the peer refuses the proposal before any chaincode runs.
 *
 * The call carries bytes, not message objects: the client and the network packages load other
 * copies of fabric-protos, whose generated classes fail each other's `instanceof` checks.
 */
export function processProposal(
    profile: Pick<GatewayProfile, 'peerEndpoint' | 'tlsRootCertificate' | 'tlsServerName'>,
    signed: peer.SignedProposal,
): Promise<peer.ProposalResponse> {
    // The client's own connection: it checks the peer's certificate against the profile's TLS name.
    const client = newPeerClient(profile.peerEndpoint, profile.tlsRootCertificate, profile.tlsServerName);
    return new Promise<peer.ProposalResponse>((resolve, reject) => {
        client.makeUnaryRequest(
            '/protos.Endorser/ProcessProposal',
            (bytes: Uint8Array) => Buffer.from(bytes),
            (buffer: Buffer) => peer.ProposalResponse.deserializeBinary(new Uint8Array(buffer)),
            signed.serializeBinary(),
            { deadline: Date.now() + 30_000 },
            (error, response) => {
                client.close();
                if (error || !response) {
                    reject(error ?? new Error('the peer sent no proposal response'));
                } else {
                    resolve(response);
                }
            },
        );
    });
}
