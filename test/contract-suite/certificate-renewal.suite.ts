import { createPrivateKey, sign } from 'node:crypto';
import { expect } from 'chai';
import { z } from 'zod';
import {
    EVENT_NAMES,
    certificateRenewalStatement,
    historyEntrySchema,
    keyPoolEntrySchema,
    machineRecordSchema,
    messageRecordSchema,
    publicKeyFromCertificate,
    sha256Hex,
} from '@spindle/chaincode/protocol';
import { packetTransient } from '../support/packet-client';
import { adminOf, machineIdentity, operatorOf } from './fixture';
import type { IdentitySpec } from './harness';
import { expectEvent, parseAnswer, type SuiteWorld } from './suite-world';
import { TX } from './transactions';

const MACHINE = 'carding-a5';
const machineHistory = z.array(historyEntrySchema(machineRecordSchema));

/** Another enrollment of the suite's renewing machine, as its mill's CA issues it anew. */
function enrollment(variant: string): IdentitySpec {
    return { ...machineIdentity(MACHINE), variant };
}

/**
 * MachineRegistry certificate renewal: a machine moves to a new certificate, signed by its old
 * key or approved by its mill's admin; nobody else can move it, and no request serves twice.
 */
export function describeCertificateRenewal(world: () => SuiteWorld): void {
    describe('certificate renewal', function () {
        /** The registered identity of the machine, which each successful renewal moves on. */
        let current: IdentitySpec = machineIdentity(MACHINE);
        /** The argument of the first, successful renewal. */
        let firstRenewal = '';

        before(async function () {
            await world().activate(MACHINE, 'drawing-b1');
        });

        /** The renewal argument for `next`, signed by `signer` (the registered identity by default). */
        async function renewal(next: IdentitySpec, signer: IdentitySpec | null = current): Promise<string> {
            const record = await world().machine(MACHINE);
            const replaces = sha256Hex(record?.signingCertificate ?? '');
            if (signer === null) {
                return JSON.stringify({ machineId: MACHINE, replacesCertificateSha256: replaces });
            }
            const newKey = publicKeyFromCertificate((await world().harness.credentials(next)).certificatePem);
            const signingKey = createPrivateKey((await world().harness.credentials(signer)).privateKeyPem);
            const statement = certificateRenewalStatement(MACHINE, newKey, replaces);
            const signature = sign('sha256', statement, { key: signingKey, dsaEncoding: 'der' }).toString('base64');
            return JSON.stringify({ machineId: MACHINE, replacesCertificateSha256: replaces, signature });
        }

        it('moves a machine to a new certificate signed by its old key and keeps the old one', async function () {
            const old = await world().harness.credentials(current);
            const next = enrollment('renewed-1');
            const argument = await renewal(next);
            const result = await world().submit(next, TX.registry.renewCertificate, [argument]);
            expectEvent(result, EVENT_NAMES.certificateRenewed, { machineId: MACHINE });
            const record = parseAnswer(machineRecordSchema, result.payload);
            const nextCertificate = (await world().harness.credentials(next)).certificatePem;
            expect(record.signingCertificate).to.equal(nextCertificate);
            expect(record.status).to.equal('ACTIVE');
            expect(
                record.previousCertificates?.map((entry) => [entry.certificateSha256, entry.renewedBy]),
            ).to.deep.equal([[sha256Hex(old.certificatePem), 'old-key']]);
            const keys = await world().evaluateFor(keyPoolEntrySchema, operatorOf('MillB'), TX.registry.getKeys, [
                MACHINE,
            ]);
            expect(keys.signingPublicKey).to.equal(publicKeyFromCertificate(nextCertificate));
            const history = await world().evaluateFor(
                machineHistory,
                operatorOf('MillC'),
                TX.registry.getMachineHistory,
                [MACHINE],
            );
            expect(history.map((entry) => entry.value?.signingCertificate)).to.include(old.certificatePem);
            current = next;
            firstRenewal = argument;
        });

        it('lets the renewed machine send, and refuses its old certificate', async function () {
            const packet = await world().packet(
                { senderId: MACHINE, receiverId: 'drawing-b1', type: 'upload' },
                current,
            );
            const sent = await world().submitFor(
                messageRecordSchema,
                current,
                TX.communication.send,
                [],
                packetTransient(packet),
            );
            expect(sent.senderId).to.equal(MACHINE);
            const old = machineIdentity(MACHINE);
            const stale = await world().packet({ senderId: MACHINE, receiverId: 'drawing-b1', type: 'upload' }, old);
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(old, TX.communication.send, [], packetTransient(stale)),
            );
        });

        it('refuses the same renewal request a second time', async function () {
            await world().refuses('REPLAYED', () =>
                world().submit(current, TX.registry.renewCertificate, [firstRenewal]),
            );
        });

        it('refuses a statement the registered key did not sign', async function () {
            const next = enrollment('renewed-forged');
            const argument = await renewal(next, next);
            await world().refuses('SIGNATURE_INVALID', () =>
                world().submit(next, TX.registry.renewCertificate, [argument]),
            );
        });

        it('refuses a renewal with neither the old key nor an approval', async function () {
            const next = enrollment('renewed-unapproved');
            const argument = await renewal(next, null);
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(next, TX.registry.renewCertificate, [argument]),
            );
        });

        it("refuses a certificate of another mill's CA for the machine", async function () {
            const foreign: IdentitySpec = { mill: 'MillB', role: 'machine', machineId: MACHINE, variant: 'foreign' };
            const argument = await renewal(foreign);
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(foreign, TX.registry.renewCertificate, [argument]),
            );
        });

        it('refuses a certificate issued for another machine', async function () {
            const other: IdentitySpec = { ...machineIdentity('carding-a4'), variant: 'for-a5' };
            const argument = await renewal(other);
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(other, TX.registry.renewCertificate, [argument]),
            );
        });

        it('refuses a certificate of the machine with another role', async function () {
            const operator: IdentitySpec = { mill: 'MillA', role: 'operator', machineId: MACHINE, variant: 'op' };
            const argument = await renewal(operator);
            await world().refuses('NOT_AUTHORIZED', () =>
                world().submit(operator, TX.registry.renewCertificate, [argument]),
            );
        });

        describe('when the old key is lost', function () {
            it("refuses an approval by another mill's admin or by the mill's operator", async function () {
                const certificate = (await world().harness.credentials(enrollment('renewed-2'))).certificatePem;
                for (const caller of [adminOf('MillB'), operatorOf('MillA'), current]) {
                    await world().refuses('NOT_AUTHORIZED', () =>
                        world().submit(caller, TX.registry.approveCertificateRenewal, [MACHINE, certificate]),
                    );
                }
            });

            it('refuses to approve a certificate the machine held before', async function () {
                const original = (await world().harness.credentials(machineIdentity(MACHINE))).certificatePem;
                await world().refuses('CONFLICT', () =>
                    world().submit(adminOf('MillA'), TX.registry.approveCertificateRenewal, [MACHINE, original]),
                );
            });

            it("moves the machine to the certificate its mill's admin approved, and only to that one", async function () {
                const next = enrollment('renewed-2');
                const certificate = (await world().harness.credentials(next)).certificatePem;
                const approval = await world().submit(adminOf('MillA'), TX.registry.approveCertificateRenewal, [
                    MACHINE,
                    certificate,
                ]);
                expectEvent(approval, EVENT_NAMES.certificateRenewalApproved, { machineId: MACHINE });
                const other = enrollment('renewed-other');
                await world().refuses('NOT_AUTHORIZED', async () =>
                    world().submit(other, TX.registry.renewCertificate, [await renewal(other, null)]),
                );
                const result = await world().submit(next, TX.registry.renewCertificate, [await renewal(next, null)]);
                const record = parseAnswer(machineRecordSchema, result.payload);
                expect(record.signingCertificate).to.equal(certificate);
                expect(record.renewalApproval).to.equal(undefined);
                expect(record.previousCertificates?.map((entry) => entry.renewedBy)).to.deep.equal([
                    'old-key',
                    'mill-admin',
                ]);
                current = next;
            });
        });
    });
}
