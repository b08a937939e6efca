import { expect } from 'chai';
import { createHash, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';

import { common, ledger, peer } from '@hyperledger/fabric-protos';

import { assembleEnvelope, endorse, forgeResponsePayload } from '../../adversary/support/envelope';
import type { AttackerIdentity } from '../../adversary/support/identities';
import { compositeKey, machineKey } from '../../adversary/support/keys';
import { P256_ORDER, isLowS, signLowS, signatureS } from '../../adversary/support/low-s-signature';
import { buildProposal } from '../../adversary/support/proposal';
import { decodeRwset, encodeRwset } from '../../adversary/support/rwset';
import { transactionIdOf } from '../../adversary/support/transaction-id';

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

function newIdentity(label: string): AttackerIdentity {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return {
        label,
        mspId: 'MillAMSP',
        certificatePem: `-----BEGIN CERTIFICATE-----\n${label}\n-----END CERTIFICATE-----\n`,
        privateKey,
    };
}

describe('the adversary suite: forgery parts', function () {
    describe('transaction IDs', function () {
        it('are the hex SHA-256 of the nonce followed by the creator', function () {
            const nonce = Buffer.from('0102030405', 'hex');
            const creator = Buffer.from('creator bytes', 'utf8');
            expect(transactionIdOf(nonce, creator)).to.equal(sha256(Buffer.concat([nonce, creator])).toString('hex'));
        });

        it('are what a hand-made proposal carries in its channel header', function () {
            const proposal = buildProposal({
                creator: newIdentity('machine'),
                channel: 'm2m',
                chaincode: 'spindle',
                args: ['Probe:ping'],
                timestamp: new Date('2020-01-01T00:00:00.250Z'),
            });
            const header = common.Header.deserializeBinary(
                peer.Proposal.deserializeBinary(proposal.signedProposal.getProposalBytes_asU8()).getHeader_asU8(),
            );
            const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
            const signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
            expect(channelHeader.getTxId()).to.equal(proposal.transactionId);
            expect(channelHeader.getType()).to.equal(common.HeaderType.ENDORSER_TRANSACTION);
            expect(channelHeader.getTimestamp()?.getSeconds()).to.equal(1577836800);
            expect(channelHeader.getTimestamp()?.getNanos()).to.equal(250_000_000);
            expect(transactionIdOf(signatureHeader.getNonce_asU8(), signatureHeader.getCreator_asU8())).to.equal(
                proposal.transactionId,
            );
        });
    });

    describe('low-S signatures', function () {
        it('always have s in the lower half of the P-256 order and verify', function () {
            const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
            for (let round = 0; round < 200; round++) {
                const message = Buffer.from(`message ${String(round)}`);
                const signature = signLowS(privateKey, message);
                expect(isLowS(signature), `round ${String(round)}`).to.equal(true);
                expect(signatureS(signature) > 0n && signatureS(signature) < P256_ORDER).to.equal(true);
                expect(verify('sha256', message, publicKey, signature)).to.equal(true);
            }
        });

        it('sign endorsements over the response payload followed by the endorser bytes', function () {
            const endorser = newIdentity('peer');
            const payload = Buffer.from('proposal response payload');
            const endorsement = endorse(endorser, payload);
            const message = Buffer.concat([payload, endorsement.getEndorser_asU8()]);
            const publicKey = createPublicKey(endorser.privateKey);
            expect(verify('sha256', message, publicKey, endorsement.getSignature_asU8())).to.equal(true);
        });
    });

    describe('rwsets', function () {
        it('round-trip public reads, writes, deletes and metadata writes, keys sorted', function () {
            const decoded = decodeRwset(
                encodeRwset({
                    namespace: 'spindle',
                    reads: [{ key: 'b', version: { blockNum: 7, txNum: 2 } }, { key: 'a' }],
                    writes: [
                        { key: machineKey('carding-a1'), value: Buffer.from('{"status":"ACTIVE"}') },
                        { key: compositeKey('machine-by-status', 'SUSPENDED', 'carding-a1'), isDelete: true },
                    ],
                    metadataWrites: [
                        {
                            key: machineKey('carding-a1'),
                            entries: [{ name: 'VALIDATION_PARAMETER', value: Buffer.from([1, 2]) }],
                        },
                    ],
                }).results,
            );
            expect(decoded).to.have.length(1);
            const [ns] = decoded;
            expect(ns?.namespace).to.equal('spindle');
            expect(ns?.reads).to.deep.equal([{ key: 'a' }, { key: 'b', version: { blockNum: 7, txNum: 2 } }]);
            expect(ns?.writes.map((write) => write.key)).to.deep.equal([
                '\u0000machine\u0000carding-a1\u0000',
                '\u0000machine-by-status\u0000SUSPENDED\u0000carding-a1\u0000',
            ]);
            expect(Buffer.from(ns?.writes[0]?.value ?? []).toString()).to.equal('{"status":"ACTIVE"}');
            expect(ns?.writes[1]?.isDelete).to.equal(true);
            expect(ns?.metadataWrites[0]?.entries[0]?.name).to.equal('VALIDATION_PARAMETER');
            expect([...(ns?.metadataWrites[0]?.entries[0]?.value ?? [])]).to.deep.equal([1, 2]);
        });

        it('put only the hashes of private writes on the channel, with the hash of the private rwset', function () {
            const value = Buffer.from('{"seq":1}');
            const encoded = encodeRwset({
                namespace: 'spindle',
                collections: [{ name: 'machine-comber-a1', writes: [{ key: compositeKey('chain-head'), value }] }],
            });
            const [ns] = decodeRwset(encoded.results);
            const [collection] = ns?.collections ?? [];
            expect(collection?.name).to.equal('machine-comber-a1');
            expect(collection?.writes).to.deep.equal([
                {
                    keyHash: sha256(Buffer.from('\u0000chain-head\u0000')).toString('hex'),
                    valueHash: sha256(value).toString('hex'),
                },
            ]);
            expect(encoded.privateRwset).to.not.equal(undefined);
            const privateRwset = encoded.privateRwset ?? new Uint8Array();
            expect(Buffer.from(privateRwset).includes(value)).to.equal(true);
            expect(Buffer.from(encoded.results).includes(value)).to.equal(false);
            const [privateNs] = ledger.rwset.TxPvtReadWriteSet.deserializeBinary(privateRwset).getNsPvtRwsetList();
            const [privateCollection] = privateNs?.getCollectionPvtRwsetList() ?? [];
            expect(privateCollection?.getCollectionName()).to.equal('machine-comber-a1');
            expect(sha256(privateCollection?.getRwset_asU8() ?? new Uint8Array()).toString('hex')).to.equal(
                collection?.privateRwsetHash,
            );
        });
    });

    describe('envelopes', function () {
        it("carry the proposal hash endorsers sign, and the creator's signature over the payload", function () {
            const creator = newIdentity('operator');
            const proposal = buildProposal({ creator, channel: 'm2m', chaincode: 'spindle', args: ['Probe:ping'] });
            const chaincodeId = new peer.ChaincodeID();
            chaincodeId.setName('spindle');
            chaincodeId.setVersion('1.0');
            const responsePayload = forgeResponsePayload(proposal, {
                results: encodeRwset({ namespace: 'spindle' }).results,
                chaincodeId,
            });
            const envelope = assembleEnvelope(proposal, creator, responsePayload, [endorse(creator, responsePayload)]);
            const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
            const header = payload.getHeader();
            const expectedHash = sha256(
                Buffer.concat([
                    header?.getChannelHeader_asU8() ?? new Uint8Array(),
                    header?.getSignatureHeader_asU8() ?? new Uint8Array(),
                    proposal.proposalPayloadForEnvelope,
                ]),
            );
            expect(
                Buffer.from(peer.ProposalResponsePayload.deserializeBinary(responsePayload).getProposalHash_asU8()),
            ).to.deep.equal(expectedHash);
            const publicKey = createPublicKey(creator.privateKey);
            expect(verify('sha256', envelope.getPayload_asU8(), publicKey, envelope.getSignature_asU8())).to.equal(
                true,
            );
        });
    });
});
