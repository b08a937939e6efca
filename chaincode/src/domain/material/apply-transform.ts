import {
    DomainError,
    FORM_TRANSITIONS,
    type GenealogyEdge,
    type LotRecord,
    type MachineRecord,
    type MaterialForm,
    type TransformCommand,
    type TransformRecord,
} from '../../protocol';
import { isMachineItself } from '../authorization';
import type { Caller } from '../caller';
import { assertConserved } from './assert-conserved';

/** What a transform reads from the ledger. */
export interface TransformContext {
    machine: MachineRecord | undefined;
    /** The input lots that exist, by ID. */
    inputs: ReadonlyMap<string, LotRecord>;
    /** The output lot IDs that already exist. */
    existingOutputs: ReadonlySet<string>;
    transformExists: boolean;
    caller: Caller;
    at: string;
    transactionId: string;
}

/** What a transform writes. */
export interface TransformResult {
    record: TransformRecord;
    consumed: LotRecord[];
    produced: LotRecord[];
    edges: GenealogyEdge[];
}

/**
 * Applies a transform at a machine: inputs of one form become outputs of the next form, all lots
 * of the machine's mill, the machine ACTIVE and serving the stated process step.
 *
 * @throws DomainError NOT_FOUND for a missing machine or input lot; NOT_AUTHORIZED unless the
 *   machine itself or an operator or admin of its mill, or for another mill's lot; STATE_INVALID
 *   when the machine is not ACTIVE; INVALID_ARGUMENT for a wrong process step, repeated lots or a
 *   form change the spinning flow does not allow; CONFLICT when the transform or an output lot
 *   exists; QUANTITY_EXCEEDED when an input holds less than consumed; CONSERVATION_VIOLATED.
 */
export function applyTransform(command: TransformCommand, context: TransformContext): TransformResult {
    const machine = authorizedMachine(command, context);
    assertDistinctLots(command);
    if (context.transformExists) {
        throw new DomainError('CONFLICT', `transform ${command.transformId} already exists`);
    }
    const inputs = command.inputs.map((input) => {
        const lot = context.inputs.get(input.lotId);
        if (lot === undefined) {
            throw new DomainError('NOT_FOUND', `lot ${input.lotId} does not exist`);
        }
        if (lot.ownerMspId !== machine.ownerMspId) {
            throw new DomainError('NOT_AUTHORIZED', `lot ${lot.lotId} belongs to ${lot.ownerMspId}`);
        }
        return { lot, quantityGrams: input.quantityGrams };
    });
    assertFormChange(
        inputs.map(({ lot }) => lot.form),
        command.outputs.map((output) => output.form),
    );
    for (const { lot, quantityGrams } of inputs) {
        if (quantityGrams > lot.remainingGrams) {
            throw new DomainError(
                'QUANTITY_EXCEEDED',
                `lot ${lot.lotId} holds ${lot.remainingGrams} g, ${quantityGrams} g asked`,
            );
        }
    }
    for (const output of command.outputs) {
        if (context.existingOutputs.has(output.lotId)) {
            throw new DomainError('CONFLICT', `lot ${output.lotId} already exists`);
        }
    }
    assertConserved(
        sum(command.inputs.map((input) => input.quantityGrams)),
        sum(command.outputs.map((output) => output.quantityGrams)),
        command.tolerancePermille,
    );
    return {
        record: {
            ...command,
            ownerMspId: machine.ownerMspId,
            recordedAt: context.at,
            transactionId: context.transactionId,
        },
        consumed: inputs.map(({ lot, quantityGrams }) => consume(lot, quantityGrams, context.at)),
        produced: command.outputs.map((output) => ({
            lotId: output.lotId,
            form: output.form,
            quantityGrams: output.quantityGrams,
            remainingGrams: output.quantityGrams,
            ownerMspId: machine.ownerMspId,
            producedBy: command.transformId,
            machineId: machine.machineId,
            status: 'AVAILABLE',
            createdAt: context.at,
            updatedAt: context.at,
        })),
        edges: command.inputs.flatMap((input) =>
            command.outputs.map((output) => ({
                from: input.lotId,
                to: output.lotId,
                transformId: command.transformId,
            })),
        ),
    };
}

function authorizedMachine(command: TransformCommand, context: TransformContext): MachineRecord {
    const { machine, caller } = context;
    if (machine === undefined) {
        throw new DomainError('NOT_FOUND', `machine ${command.machineId} is not registered`);
    }
    const millStaff = (caller.role === 'operator' || caller.role === 'admin') && caller.mspId === machine.ownerMspId;
    if (!millStaff && !isMachineItself(caller, machine)) {
        throw new DomainError(
            'NOT_AUTHORIZED',
            `only machine ${machine.machineId} or an operator or admin of ${machine.ownerMspId} may record its transforms`,
        );
    }
    if (machine.status !== 'ACTIVE') {
        throw new DomainError('STATE_INVALID', `machine ${machine.machineId} is ${machine.status}`);
    }
    if (command.processStep !== machine.processStep) {
        throw new DomainError(
            'INVALID_ARGUMENT',
            `machine ${machine.machineId} serves ${machine.processStep}, not ${command.processStep}`,
        );
    }
    return machine;
}

function assertDistinctLots(command: TransformCommand): void {
    const ids = [...command.inputs, ...command.outputs].map((lot) => lot.lotId);
    if (new Set(ids).size !== ids.length) {
        throw new DomainError('INVALID_ARGUMENT', 'a lot appears more than once among inputs and outputs');
    }
}

function assertFormChange(inputForms: readonly MaterialForm[], outputForms: readonly MaterialForm[]): void {
    const from = single(inputForms, 'inputs');
    const to = single(outputForms, 'outputs');
    if (!FORM_TRANSITIONS[from].includes(to)) {
        throw new DomainError('INVALID_ARGUMENT', `the spinning flow does not turn ${from} into ${to}`);
    }
}

function single(forms: readonly MaterialForm[], what: string): MaterialForm {
    const [first] = forms;
    if (first === undefined || forms.some((form) => form !== first)) {
        throw new DomainError('INVALID_ARGUMENT', `all ${what} of a transform must have one form`);
    }
    return first;
}

function consume(lot: LotRecord, grams: number, at: string): LotRecord {
    const remainingGrams = lot.remainingGrams - grams;
    return { ...lot, remainingGrams, status: remainingGrams === 0 ? 'CONSUMED' : 'AVAILABLE', updatedAt: at };
}

function sum(values: readonly number[]): number {
    return values.reduce((total, value) => total + value, 0);
}
