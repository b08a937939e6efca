import { X509Certificate } from 'node:crypto';
import { sha256Hex, type MachineRecord } from '@spindle/chaincode/protocol';

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
        `certificate  sha256 ${sha256Hex(record.signingCertificate).slice(0, 16)}, expires ${certificateExpiry(record.signingCertificate)}`,
        ...(record.previousCertificates ?? [])
            .slice()
            .reverse()
            .map(
                (previous, index) =>
                    `${index === 0 ? 'previous    ' : '            '} sha256 ${previous.certificateSha256.slice(0, 16)}, expires ${previous.notAfter}, replaced ${previous.replacedAt} (${previous.renewedBy === 'old-key' ? 'signed by its old key' : "approved by the mill's admin"})`,
            ),
        ...(record.renewalApproval === undefined
            ? []
            : [`approved     a new certificate at ${record.renewalApproval.approvedAt}, not yet presented`]),
    ].join('\n');
}

/** A certificate's notAfter as an ISO timestamp, or `unknown` when it does not parse. */
export function certificateExpiry(certificatePem: string): string {
    try {
        return new Date(new X509Certificate(certificatePem).validTo).toISOString();
    } catch {
        return 'unknown';
    }
}
