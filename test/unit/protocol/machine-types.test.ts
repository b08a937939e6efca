import { expect } from 'chai';
import {
    MACHINE_TYPES,
    MACHINE_TYPE_VOCABULARY,
    PROCESS_STEPS,
    machineRegistrationSchema,
    machineTypeSchema,
    normalizeMachineType,
    parseValue,
    processStepOf,
} from '@spindle/chaincode/protocol';
import { codeOf } from '../support/code-of';

describe('the machine type vocabulary', function () {
    it('reads roving, Roving Frame and roving_frame as roving-frame', function () {
        for (const spelling of ['roving', 'roving-frame', 'Roving Frame', ' roving_frame ', 'SPEED-FRAME']) {
            expect(normalizeMachineType(spelling), spelling).to.equal('roving-frame');
        }
    });

    it('knows no type outside the vocabulary', function () {
        for (const spelling of ['loom', '', 'roving-frames', 'carding-a1', 'roving frame 2']) {
            expect(normalizeMachineType(spelling), spelling).to.equal(undefined);
        }
    });

    it('gives every type a process step, in the order of the spinning flow', function () {
        const steps = MACHINE_TYPES.map((type) => processStepOf(type));
        expect(steps).to.deep.equal([...PROCESS_STEPS]);
    });

    it('names each type by its canonical spelling and each alias one type only', function () {
        const spellings = MACHINE_TYPES.flatMap((type) => [type, ...MACHINE_TYPE_VOCABULARY[type].aliases]);
        expect(new Set(spellings).size).to.equal(spellings.length);
        for (const type of MACHINE_TYPES) {
            expect(normalizeMachineType(type)).to.equal(type);
            for (const alias of MACHINE_TYPE_VOCABULARY[type].aliases) {
                expect(normalizeMachineType(alias), alias).to.equal(type);
            }
        }
    });

    it('parses an alias to its canonical type and refuses an unknown type with MACHINE_TYPE_UNKNOWN', function () {
        expect(parseValue(machineTypeSchema, 'roving', 'type')).to.equal('roving-frame');
        expect(codeOf(() => parseValue(machineTypeSchema, 'loom', 'type'))).to.equal('MACHINE_TYPE_UNKNOWN');
        expect(codeOf(() => parseValue(machineRegistrationSchema, { machineType: 'loom' }, 'registration'))).to.equal(
            'INVALID_ARGUMENT',
        );
    });
});
