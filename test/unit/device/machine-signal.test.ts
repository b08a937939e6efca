import { expect } from 'chai';
import { MACHINE_VARIABLES, SIMULATED_MACHINE_TYPES, newMachineSignal } from '@spindle/client/dist/device/opcua';

import { predictedTicks } from './opcua-fixtures';

describe('simulated machine signal', function () {
    it('repeats the same values for the same seed and differs for another', function () {
        expect(predictedTicks('comber', 5, 50)).to.deep.equal(predictedTicks('comber', 5, 50));
        expect(predictedTicks('comber', 5, 50)).not.to.deep.equal(predictedTicks('comber', 6, 50));
    });

    for (const machineType of SIMULATED_MACHINE_TYPES) {
        it(`keeps every ${machineType} gauge within its range and varies it with noise and drift`, function () {
            const ticks = predictedTicks(machineType, 3, 2000);
            for (const definition of MACHINE_VARIABLES[machineType]) {
                const values = ticks.map(
                    (tick) => tick.find(({ variable }) => variable === definition.variable)?.value ?? NaN,
                );
                if (definition.kind === 'gauge') {
                    expect(Math.min(...values)).to.be.at.least(definition.min);
                    expect(Math.max(...values)).to.be.at.most(definition.max);
                    expect(new Set(values).size, `${definition.variable} varies`).to.be.greaterThan(5);
                } else {
                    expect(values.every((value, index) => index === 0 || value >= (values[index - 1] ?? 0))).to.equal(
                        true,
                    );
                    expect(values.at(-1)).to.be.greaterThan(10);
                }
            }
        });
    }

    it('raises the fault flag now and then, and a fault shifts the quality values', function () {
        const ticks = predictedTicks('carding', 9, 3000);
        const faulted = ticks.filter((tick) => tick.find(({ variable }) => variable === 'fault')?.value === 1);
        expect(faulted.length).to.be.within(20, 600);
        const meanNeps = (rows: typeof ticks): number =>
            rows.reduce((sum, tick) => sum + (tick.find(({ variable }) => variable === 'nepsPerGram')?.value ?? 0), 0) /
            rows.length;
        expect(meanNeps(faulted)).to.be.greaterThan(meanNeps(ticks) + 10);
    });

    it('serves fault last, after the type variables in table order', function () {
        expect(
            newMachineSignal('drawing', 1)
                .next()
                .map(({ variable }) => variable),
        ).to.deep.equal(['cv', 'fault']);
    });
});
