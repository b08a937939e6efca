import type { MachineRecord } from '@spindle/chaincode/protocol';

/** One line per machine: ID, status, type, step, mill, links. */
export function machineLine(record: MachineRecord): string {
    const links = [
        record.replaces === undefined ? '' : `replaces ${record.replaces}`,
        record.replacedBy === undefined ? '' : `replaced by ${record.replacedBy}`,
    ].filter((link) => link !== '');
    return [
        record.machineId.padEnd(16),
        record.status.padEnd(9),
        record.machineType.padEnd(11),
        record.processStep.padEnd(12),
        record.ownerMspId,
        ...(links.length > 0 ? [`(${links.join(', ')})`] : []),
    ].join(' ');
}

/** A machine record as labelled lines. */
export function machineDetails(record: MachineRecord): string {
    return [
        `machine      ${record.machineId}`,
        `status       ${record.status} (last action ${record.lastAction} at ${record.updatedAt})`,
        `type / step  ${record.machineType} / ${record.processStep} on line ${record.line}`,
        `mill         ${record.ownerMspId}`,
        `vendor       ${record.vendor}, serial ${record.serialNumber}`,
        `registered   ${record.registeredAt}`,
        ...(record.replaces === undefined ? [] : [`replaces     ${record.replaces}`]),
        ...(record.replacedBy === undefined ? [] : [`replaced by  ${record.replacedBy}`]),
    ].join('\n');
}
