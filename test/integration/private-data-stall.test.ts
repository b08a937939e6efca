import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { peer } from '@hyperledger/fabric-protos';

import type { GatewayConnection } from '@spindle/client';
import { type IdentityFiles, type MillConfig, type NetworkContext, committedDefinition } from '@spindle/network';

import { broadcast, newForgedPrivateWrite } from '../support/forged-transaction';
import { connectAs, profileOf, testNetwork } from '../support/local-network';

/** A mill's peer's own signing identity, as an attacker running that peer holds it. */
function peerIdentity(ctx: NetworkContext, mill: MillConfig): IdentityFiles {
    const mspDir = ctx.folders(mill).peer.msp;
    const [key] = readdirSync(join(mspDir, 'keystore'));
    return { certificate: join(mspDir, 'signcerts', 'cert.pem'), privateKey: join(mspDir, 'keystore', key!) };
}

async function validationCode(connection: GatewayConnection, channel: string, txId: string): Promise<string> {
    const qscc = connection.gateway.getNetwork(channel).getContract('qscc');
    const bytes = await qscc.evaluateTransaction('GetTransactionByID', channel, txId);
    const code = peer.ProcessedTransaction.deserializeBinary(bytes).getValidationcode();
    return Object.entries(peer.TxValidationCode).find(([, value]) => value === code)?.[0] ?? String(code);
}

describe('a forged invalid transaction with a hashed write into a mill collection', function () {
    it("holds up none of the owning mill's commits for more than a few seconds", async function () {
        const { ctx } = testNetwork();
        const millB = ctx.config.mills.find((mill) => mill.name === 'MillB')!;
        const profileB = profileOf('MillB');
        // MillB's operator and MillB's own peer forge a write into a MillA machine's collection.
        const { txId, envelope } = await newForgedPrivateWrite(
            {
                channel: ctx.config.channel,
                chaincode: ctx.config.chaincode.name,
                args: ['Probe:putPrivate', 'machine-carding-a1', 'forged', 'x'],
                mspId: profileB.mspId,
                identity: profileB.identities.operator,
                timestamp: new Date(),
            },
            { mspId: millB.mspId, identity: peerIdentity(ctx, millB) },
            {
                chaincodeVersion: (await committedDefinition(ctx, millB))!.version,
                collection: 'machine-carding-a1',
                key: `forged-${Date.now()}`,
                value: 'nobody has this',
            },
        );
        const ordered = await broadcast(
            `127.0.0.1:${millB.ports.orderer}`,
            ctx.folders(millB).orderer.tls.ca,
            envelope,
        );
        expect(ordered.status, ordered.info).to.equal(200);

        // MillA's next transaction lands in the same block or the next: time its commit on MillA's peer.
        const millA = connectAs('MillA');
        const millBClient = connectAs('MillB');
        try {
            const probe = millA.gateway.getNetwork(ctx.config.channel).getContract(ctx.config.chaincode.name, 'Probe');
            const started = Date.now();
            await probe.submitTransaction('put', `after-forgery-${Date.now()}`, 'on time');
            const elapsedMs = Date.now() - started;
            console.log(`      MillA committed its next transaction in ${elapsedMs} ms after the forged one`);

            expect(await validationCode(millBClient, ctx.config.channel, txId)).to.equal('ENDORSEMENT_POLICY_FAILURE');
            expect(await validationCode(millA, ctx.config.channel, txId)).to.equal('ENDORSEMENT_POLICY_FAILURE');
            expect(elapsedMs).to.be.lessThan(10_000);
        } finally {
            millA.close();
            millBClient.close();
        }
    });
});
