import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';

import { type MachineSession, machineAnswerer } from '@spindle/client';

/** A lap former whose registry record, chain head and local data are at hand. */
function lapFormer(): MachineSession {
    return {
        machineId: 'lap-former-b1',
        registry: {
            get: () => Promise.resolve({ status: 'ACTIVE', processStep: 'lap-forming', line: 'line-b1' }),
        },
        communication: {
            chainHead: () => Promise.resolve({ seq: 3 }),
        },
    } as unknown as MachineSession;
}

describe("the device agent's default answer", function () {
    const dataDir = mkdtempSync(join(tmpdir(), 'spindle-answer-'));
    writeFileSync(join(dataDir, 'lap-former-b1.json'), JSON.stringify({ lapWeightGPerM: 68.2 }));
    const answer = machineAnswerer(dataDir);

    it('answers with what the machine has', async function () {
        const text = Buffer.from(await answer(lapFormer(), Buffer.from('status'), 'carding-a1')).toString('utf8');
        expect(JSON.parse(text)).to.deep.include({
            machineId: 'lap-former-b1',
            status: 'ACTIVE',
            chainLength: 3,
            localData: { lapWeightGPerM: 68.2 },
        });
    });

    it('never echoes the question it decrypted', async function () {
        await fc.assert(
            fc.asyncProperty(fc.string({ minLength: 12, maxLength: 200 }), async (question) => {
                const marker = `secret-recipe:${question}`;
                const bytes = Buffer.from(await answer(lapFormer(), Buffer.from(marker, 'utf8'), 'carding-a1'));
                expect(bytes.includes(Buffer.from(marker, 'utf8'))).to.equal(false);
                expect(bytes.toString('utf8')).not.to.contain(JSON.stringify(marker).slice(1, -1));
            }),
            { numRuns: 50 },
        );
    });
});
