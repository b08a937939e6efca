import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { z } from 'zod';
import {
    EVENT_NAMES,
    LIMITS,
    historyEntrySchema,
    keyPoolEntrySchema,
    machineRecordSchema,
    machineReplacementSchema,
    pageSchema,
    publicKeyFromCertificate,
} from '@spindle/chaincode/protocol';
import { packetTransient } from '../support/packet-client';
import { describeCertificateRenewal } from './certificate-renewal.suite';
import { adminOf, machineIdentity, operatorOf } from './fixture';
import { expectEvent, newEncryptionKey, parseAnswer, type SuiteWorld } from './suite-world';
import { TX } from './transactions';

const machinePage = pageSchema(machineRecordSchema);
const machineHistory = z.array(historyEntrySchema(machineRecordSchema));

/** MachineRegistry: the Machine-Equipment Blockchain and the key pool. */
export function describeMachineRegistry(world: () => SuiteWorld): void {
    describe('MachineRegistry', function () {
        describe('registration', function () {
            it('registers the calling machine as PENDING with its own certificate as signing certificate', async function () {
                const result = await world().submit(machineIdentity('lap-former-b1'), TX.registry.register, [
                    JSON.stringify(world().registration('lap-former-b1')),
                ]);
                const record = parseAnswer(machineRecordSchema, result.payload);
                const credentials = await world().harness.credentials(machineIdentity('lap-former-b1'));
                expect(record.status).to.equal('PENDING');
                expect(record.ownerMspId).to.equal('MillBMSP');
                expect(record.signingCertificate).to.equal(credentials.certificatePem);
                expect(record.signingPublicKey).to.equal(publicKeyFromCertificate(credentials.certificatePem));
                expectEvent(result, EVENT_NAMES.machineRegistered, {
                    machineId: 'lap-former-b1',
                    ownerMspId: 'MillBMSP',
                });
            });

            it('refuses to register a machine ID twice', async function () {
                await world().refuses('CONFLICT', () =>
                    world().submit(machineIdentity('lap-former-b1'), TX.registry.register, [
                        JSON.stringify(world().registration('lap-former-b1')),
                    ]),
                );
            });

            it('refuses a registration by another machine identity', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(machineIdentity('drawing-b1'), TX.registry.register, [
                        JSON.stringify(world().registration('comber-c2')),
                    ]),
                );
            });

            it('refuses a machine certificate whose MSP is not the owning mill', async function () {
                const impostor = { mill: 'MillB', role: 'machine', machineId: 'comber-c2' } as const;
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(impostor, TX.registry.register, [JSON.stringify(world().registration('comber-c2'))]),
                );
            });

            it("refuses a mill's own machine identity that names another mill's machine ID, writing nothing", async function () {
                // MillA's CA can write any machine attribute into a certificate it issues: the
                // consortium manifest, not the CA, decides that drawing-b9 is MillB's.
                const squatter = { mill: 'MillA', role: 'machine', machineId: 'drawing-b9' } as const;
                const registration = world().registration('drawing-b1', {
                    machineId: 'drawing-b9',
                    ownerMspId: 'MillAMSP',
                });
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(squatter, TX.registry.register, [JSON.stringify(registration)]),
                );
                await world().refuses('NOT_FOUND', () =>
                    world().harness.evaluate(adminOf('MillB'), TX.registry.getMachine, ['drawing-b9']),
                );
            });

            it('refuses a registration by an identity without the machine role', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(operatorOf('MillC'), TX.registry.register, [
                        JSON.stringify(world().registration('comber-c2')),
                    ]),
                );
            });

            it('refuses an encryption key that is not P-256', async function () {
                const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' })
                    .publicKey.export({ type: 'spki', format: 'pem' })
                    .toString();
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().submit(machineIdentity('comber-c2'), TX.registry.register, [
                        JSON.stringify(world().registration('comber-c2', { encryptionPublicKey: p384 })),
                    ]),
                );
            });

            const malformed: [string, () => string][] = [
                ['text that is not JSON', () => '{"machineId": "comber-c2",'],
                ['a registration missing its fields', () => JSON.stringify({ machineId: 'comber-c2' })],
                [
                    'an upper-case machine ID',
                    () => JSON.stringify({ ...world().registration('comber-c2'), machineId: 'Comber-C2' }),
                ],
                [
                    'a machine ID with \\u0000',
                    () => JSON.stringify({ ...world().registration('comber-c2'), machineId: 'comber\u0000c2' }),
                ],
                ['an unknown field', () => JSON.stringify({ ...world().registration('comber-c2'), admin: true })],
            ];
            for (const [what, argument] of malformed) {
                it(`refuses ${what} with INVALID_ARGUMENT`, async function () {
                    await world().refuses('INVALID_ARGUMENT', () =>
                        world().submit(machineIdentity('comber-c2'), TX.registry.register, [argument()]),
                    );
                });
            }

            it('refuses a machine type outside the vocabulary with MACHINE_TYPE_UNKNOWN, naming the accepted types', async function () {
                const registration = { ...world().registration('comber-c2'), machineType: 'loom' };
                await world().refuses('MACHINE_TYPE_UNKNOWN', () =>
                    world().submit(machineIdentity('comber-c2'), TX.registry.register, [JSON.stringify(registration)]),
                );
                const refusal = await world()
                    .submit(machineIdentity('comber-c2'), TX.registry.register, [JSON.stringify(registration)])
                    .then(
                        () => '',
                        (error: unknown) => (error instanceof Error ? error.message : String(error)),
                    );
                expect(refusal).to.contain('roving-frame').and.to.contain('ring-frame');
            });

            it('refuses an oversize registration with PAYLOAD_TOO_LARGE', async function () {
                const registration = { ...world().registration('comber-c2'), vendor: 'x'.repeat(LIMITS.argumentBytes) };
                await world().refuses('PAYLOAD_TOO_LARGE', () =>
                    world().submit(machineIdentity('comber-c2'), TX.registry.register, [JSON.stringify(registration)]),
                );
            });
        });

        describe('approval', function () {
            before(async function () {
                await world().register('lap-former-b1');
                await world().register('winder-a9');
            });

            it('refuses an approval by an operator of the owning mill', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(operatorOf('MillB'), TX.registry.approve, ['lap-former-b1']),
                );
            });

            it("refuses an approval by another mill's admin", async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(adminOf('MillA'), TX.registry.approve, ['lap-former-b1']),
                );
            });

            it('refuses an approval by the machine itself', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(machineIdentity('lap-former-b1'), TX.registry.approve, ['lap-former-b1']),
                );
            });

            it('makes a PENDING machine ACTIVE on approval by an admin of its mill', async function () {
                const result = await world().submit(adminOf('MillB'), TX.registry.approve, ['lap-former-b1']);
                expectEvent(result, EVENT_NAMES.machineStatusChanged, { machineId: 'lap-former-b1', status: 'ACTIVE' });
                const record = await world().evaluateFor(
                    machineRecordSchema,
                    operatorOf('MillC'),
                    TX.registry.getMachine,
                    ['lap-former-b1'],
                );
                expect(record.status).to.equal('ACTIVE');
            });

            it('refuses to approve an ACTIVE machine again', async function () {
                await world().refuses('STATE_INVALID', () =>
                    world().submit(adminOf('MillB'), TX.registry.approve, ['lap-former-b1']),
                );
            });

            it('refuses to approve an unregistered machine', async function () {
                await world().refuses('NOT_FOUND', () =>
                    world().submit(adminOf('MillB'), TX.registry.approve, ['drawing-b7']),
                );
            });

            it('refuses a machine ID argument in upper case or with \\u0000', async function () {
                for (const machineId of ['Lap-Former-B1', 'lap-former\u0000b1', '']) {
                    await world().refuses('INVALID_ARGUMENT', () =>
                        world().submit(adminOf('MillB'), TX.registry.approve, [machineId]),
                    );
                }
            });
        });

        describe('suspension', function () {
            before(async function () {
                await world().activate('carding-a2', 'drawing-b1');
            });

            it('refuses a suspension by another mill’s admin', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(adminOf('MillB'), TX.registry.suspend, ['carding-a2']),
                );
            });

            it('suspends an ACTIVE machine, which then can neither send nor receive', async function () {
                const result = await world().submit(adminOf('MillA'), TX.registry.suspend, ['carding-a2']);
                expectEvent(result, EVENT_NAMES.machineStatusChanged, { machineId: 'carding-a2', status: 'SUSPENDED' });
                const outgoing = await world().packet({
                    senderId: 'carding-a2',
                    receiverId: 'drawing-b1',
                    type: 'upload',
                });
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(machineIdentity('carding-a2'), TX.communication.send, [], packetTransient(outgoing)),
                );
                const incoming = await world().packet({
                    senderId: 'drawing-b1',
                    receiverId: 'carding-a2',
                    type: 'download',
                });
                await world().refuses('RECEIVER_UNKNOWN', () =>
                    world().submit(machineIdentity('drawing-b1'), TX.communication.send, [], packetTransient(incoming)),
                );
            });

            it('refuses to reactivate a machine that is not SUSPENDED', async function () {
                await world().refuses('STATE_INVALID', () =>
                    world().submit(adminOf('MillB'), TX.registry.reactivate, ['drawing-b1']),
                );
            });

            it('reactivates a SUSPENDED machine, which then sends again', async function () {
                const result = await world().submit(adminOf('MillA'), TX.registry.reactivate, ['carding-a2']);
                expectEvent(result, EVENT_NAMES.machineStatusChanged, { machineId: 'carding-a2', status: 'ACTIVE' });
                const message = await world().send('carding-a2', 'drawing-b1');
                expect(message.senderId).to.equal('carding-a2');
            });
        });

        describe('retirement', function () {
            before(async function () {
                await world().activate('comber-c2', 'comber-c1');
                await world().submit(adminOf('MillC'), TX.registry.retire, ['comber-c2']);
            });

            it('keeps a RETIRED machine RETIRED: no approval, reactivation or second retirement', async function () {
                for (const transaction of [
                    TX.registry.approve,
                    TX.registry.reactivate,
                    TX.registry.retire,
                    TX.registry.suspend,
                ]) {
                    await world().refuses('STATE_INVALID', () =>
                        world().submit(adminOf('MillC'), transaction, ['comber-c2']),
                    );
                }
            });

            it('answers a packet to a RETIRED machine with RECEIVER_UNKNOWN', async function () {
                const packet = await world().packet({
                    senderId: 'comber-c1',
                    receiverId: 'comber-c2',
                    type: 'download',
                });
                await world().refuses('RECEIVER_UNKNOWN', () =>
                    world().submit(machineIdentity('comber-c1'), TX.communication.send, [], packetTransient(packet)),
                );
            });

            it('refuses packets from a RETIRED machine', async function () {
                const packet = await world().packet({ senderId: 'comber-c2', receiverId: 'comber-c1', type: 'upload' });
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(machineIdentity('comber-c2'), TX.communication.send, [], packetTransient(packet)),
                );
            });
        });

        describe('replacement', function () {
            before(async function () {
                await world().activate('carding-a3', 'blow-room-a1');
                await world().register('carding-a4');
            });

            it('refuses a replacement by an operator', async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(operatorOf('MillA'), TX.registry.replace, ['carding-a3', 'carding-a4']),
                );
            });

            it('refuses a successor of another machine type', async function () {
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().submit(adminOf('MillA'), TX.registry.replace, ['carding-a3', 'blow-room-a1']),
                );
            });

            it('retires the old machine and puts the new one in its place, keeping both histories', async function () {
                const result = await world().submit(adminOf('MillA'), TX.registry.replace, [
                    'carding-a3',
                    'carding-a4',
                ]);
                expectEvent(result, EVENT_NAMES.machineReplaced, {
                    oldMachineId: 'carding-a3',
                    newMachineId: 'carding-a4',
                });
                const { retired, successor } = parseAnswer(machineReplacementSchema, result.payload);
                expect(retired).to.include({ machineId: 'carding-a3', status: 'RETIRED', replacedBy: 'carding-a4' });
                expect(successor).to.include({ machineId: 'carding-a4', status: 'ACTIVE', replaces: 'carding-a3' });
                expect(successor.line).to.equal(retired.line);
                const history = await world().evaluateFor(
                    machineHistory,
                    adminOf('MillB'),
                    TX.registry.getMachineHistory,
                    ['carding-a3'],
                );
                expect(history.map((entry) => entry.value?.lastAction)).to.deep.equal([
                    'replace',
                    'approve',
                    'register',
                ]);
                expect(history.map((entry) => entry.value?.status)).to.deep.equal(['RETIRED', 'ACTIVE', 'PENDING']);
            });

            it('refuses to replace a RETIRED machine', async function () {
                await world().refuses('STATE_INVALID', () =>
                    world().submit(adminOf('MillA'), TX.registry.replace, ['carding-a3', 'carding-a4']),
                );
            });
        });

        describe('encryption key rotation', function () {
            before(async function () {
                await world().activate('carding-a1');
            });

            it('rotates the key by the machine itself and keeps the old key in history', async function () {
                const before = await world().evaluateFor(keyPoolEntrySchema, operatorOf('MillB'), TX.registry.getKeys, [
                    'carding-a1',
                ]);
                const key = newEncryptionKey();
                const result = await world().submit(machineIdentity('carding-a1'), TX.registry.rotateEncryptionKey, [
                    'carding-a1',
                    key,
                ]);
                expectEvent(result, EVENT_NAMES.encryptionKeyRotated, { machineId: 'carding-a1' });
                const after = await world().evaluateFor(keyPoolEntrySchema, operatorOf('MillB'), TX.registry.getKeys, [
                    'carding-a1',
                ]);
                expect(after.encryptionPublicKey).to.equal(key);
                expect(after.signingPublicKey).to.equal(before.signingPublicKey);
                const history = await world().evaluateFor(
                    machineHistory,
                    operatorOf('MillC'),
                    TX.registry.getMachineHistory,
                    ['carding-a1'],
                );
                expect(history.map((entry) => entry.value?.encryptionPublicKey)).to.include(before.encryptionPublicKey);
            });

            it("refuses a rotation by the machine's mill admin", async function () {
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(adminOf('MillA'), TX.registry.rotateEncryptionKey, [
                        'carding-a1',
                        newEncryptionKey(),
                    ]),
                );
            });

            it('refuses a rotation by another enrollment of the machine with a different key', async function () {
                const reenrolled = { ...machineIdentity('carding-a1'), variant: 'reenrolled' };
                await world().refuses('NOT_AUTHORIZED', () =>
                    world().submit(reenrolled, TX.registry.rotateEncryptionKey, ['carding-a1', newEncryptionKey()]),
                );
            });

            it('refuses a key that is not PEM', async function () {
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().submit(machineIdentity('carding-a1'), TX.registry.rotateEncryptionKey, [
                        'carding-a1',
                        'not a key',
                    ]),
                );
            });
        });

        describeCertificateRenewal(world);

        describe('reads', function () {
            before(async function () {
                await world().activate('carding-a1', 'blow-room-a1', 'drawing-b1', 'comber-c1');
            });

            it('answers NOT_FOUND for an unregistered machine', async function () {
                for (const transaction of [
                    TX.registry.getMachine,
                    TX.registry.getKeys,
                    TX.registry.getMachineHistory,
                ]) {
                    await world().refuses('NOT_FOUND', () =>
                        world().harness.evaluate(operatorOf('MillA'), transaction, ['spinner-x1']),
                    );
                }
            });

            it('serves the key pool entry of a machine to every mill', async function () {
                const entry = await world().evaluateFor(keyPoolEntrySchema, operatorOf('MillC'), TX.registry.getKeys, [
                    'drawing-b1',
                ]);
                const credentials = await world().harness.credentials(machineIdentity('drawing-b1'));
                expect(entry).to.include({ machineId: 'drawing-b1', ownerMspId: 'MillBMSP', status: 'ACTIVE' });
                expect(entry.signingPublicKey).to.equal(publicKeyFromCertificate(credentials.certificatePem));
            });

            it('lists the machines of a mill page by page, in ID order', async function () {
                const seen: string[] = [];
                let bookmark = '';
                do {
                    const page = await world().evaluateFor(machinePage, operatorOf('MillB'), TX.registry.listMachines, [
                        JSON.stringify({ by: 'mill', value: 'MillAMSP', pageSize: 2, bookmark }),
                    ]);
                    expect(page.items.length).to.be.at.most(2);
                    seen.push(...page.items.map((machine) => machine.machineId));
                    bookmark = page.bookmark;
                } while (bookmark !== '');
                expect(seen).to.include.members(['blow-room-a1', 'carding-a1']);
                expect(seen).to.deep.equal([...seen].sort());
                expect(new Set(seen).size).to.equal(seen.length);
            });

            it('lists machines by type and by status', async function () {
                const combers = await world().evaluateFor(machinePage, operatorOf('MillA'), TX.registry.listMachines, [
                    JSON.stringify({ by: 'type', value: 'comber' }),
                ]);
                expect(combers.items.every((machine) => machine.machineType === 'comber')).to.equal(true);
                expect(combers.items.map((machine) => machine.machineId)).to.include('comber-c1');
                const active = await world().evaluateFor(machinePage, operatorOf('MillA'), TX.registry.listMachines, [
                    JSON.stringify({ by: 'status', value: 'ACTIVE', pageSize: LIMITS.pageSizeMax }),
                ]);
                expect(active.items.every((machine) => machine.status === 'ACTIVE')).to.equal(true);
                expect(active.items.map((machine) => machine.machineId)).to.include.members([
                    'carding-a1',
                    'drawing-b1',
                ]);
            });

            it('refuses a bookmark from another list', async function () {
                const page = await world().evaluateFor(machinePage, operatorOf('MillA'), TX.registry.listMachines, [
                    JSON.stringify({ by: 'mill', value: 'MillAMSP', pageSize: 1 }),
                ]);
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().harness.evaluate(operatorOf('MillA'), TX.registry.listMachines, [
                        JSON.stringify({ by: 'status', value: 'ACTIVE', bookmark: page.bookmark }),
                    ]),
                );
            });

            it('refuses a page size over the cap', async function () {
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().harness.evaluate(operatorOf('MillA'), TX.registry.listMachines, [
                        JSON.stringify({ by: 'mill', value: 'MillAMSP', pageSize: LIMITS.pageSizeMax + 1 }),
                    ]),
                );
            });

            it('refuses a transaction the contract does not have', async function () {
                await world().refuses('INVALID_ARGUMENT', () =>
                    world().submit(adminOf('MillA'), 'MachineRegistry:deleteMachine', ['carding-a1']),
                );
            });
        });
    });
}
