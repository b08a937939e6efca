import { expect } from 'chai';
import { CONTRACT_NAMES, PROBE_TRANSACTIONS, qualifiedName, type ErrorCode } from '@spindle/chaincode/protocol';
import { adminOf, machineIdentity, operatorOf } from '../contract-suite/fixture';
import { TX } from '../contract-suite/transactions';
import { packetTransient } from '../support/packet-client';
import { SECURITY_TABLE } from './security-table';
import { type SecurityWorld, securityWorld } from './security-world';

/** IDs that would forge or shift a composite key if they got through: separator, max rune, `~`. */
const CRAFTED = ['comber-c2\u0000x', 'comber-c2\u{10FFFF}', 'comber~c2', 'comber-c2\u0000'];

describe('security: IDs crafted to collide in composite keys, through the gateway', function () {
    this.timeout(5 * 60_000);
    let world: SecurityWorld;

    before(async function () {
        world = await securityWorld();
    });

    it('refuses them with INVALID_ARGUMENT (or PACKET_INCOMPLETE inside a packet), writing nothing', async function () {
        const register = (machineId: string) => () =>
            world.submit(machineIdentity('comber-c2'), TX.registry.register, [
                JSON.stringify(world.registration('comber-c2', { machineId })),
            ]);
        const createLot = (lotId: string) => () =>
            world.submit(operatorOf('MillA'), TX.material.createLot, [
                JSON.stringify({ lotId, quantityGrams: 1_000, origin: 'Texas', grade: 'M' }),
            ]);
        const probePut = (key: string) => () =>
            world.submit(operatorOf('MillB'), qualifiedName(CONTRACT_NAMES.probe, PROBE_TRANSACTIONS.put), [key, 'x']);
        const getMachine = (machineId: string) => () =>
            world.harness.evaluate(adminOf('MillA'), TX.registry.getMachine, [machineId]);
        const sendTo = (receiverId: string) => async () =>
            world.sendAs(
                machineIdentity('carding-a1'),
                packetTransient(await world.packet({ senderId: 'carding-a1', receiverId, type: 'upload' })),
            );
        const attempts: [ErrorCode, () => Promise<unknown>][] = CRAFTED.flatMap((crafted) => [
            ['INVALID_ARGUMENT', register(crafted)] as const,
            ['INVALID_ARGUMENT', createLot(crafted)] as const,
            ['INVALID_ARGUMENT', probePut(crafted)] as const,
            ['INVALID_ARGUMENT', getMachine(crafted)] as const,
            ['PACKET_INCOMPLETE', sendTo(crafted)] as const,
        ]);
        for (const [code, attempt] of attempts) {
            await world.refusesWithoutWrites(code, attempt, ['carding-a1']);
        }
        expect(await world.machine('comber-c2'), 'no crafted registration landed on comber-c2').to.equal(undefined);
        await world.expectHealthy();
        SECURITY_TABLE.record({
            tried: 'IDs with U+0000, U+10FFFF or ~ (register, lot, Probe key, read, packet)',
            count: attempts.length,
            held: 'refused INVALID_ARGUMENT / PACKET_INCOMPLETE; no block; comber-c2 unregistered',
            lost: 0,
            passed: true,
        });
    });
});
