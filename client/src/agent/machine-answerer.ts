import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { MachineSession } from '../contracts/machine-session';
import type { QueryAnswerer } from './device-agent';

/**
 * The default answer to a query (step 6): what the machine knows of itself. Its status from
 * the Machine-Equipment Blockchain, the length of its communication chain, and its local data
 * (`<dataDir>/<machineId>.json`, e.g. the lap former's latest quality readings). It never
 * repeats the question, nor anything else it decrypted: an answer that echoed its input would
 * hand the plaintext of any ciphertext an attacker managed to have decrypted back to the
 * attacker. The reply names the query it answers by its ID (`inReplyTo`).
 */
export function machineAnswerer(dataDir: string): QueryAnswerer {
    return async (machine: MachineSession, _question: Uint8Array, requesterId: string) => {
        const record = await machine.registry.get(machine.machineId);
        const head = await machine.communication.chainHead(machine.machineId).catch(() => undefined);
        const dataFile = join(dataDir, `${machine.machineId}.json`);
        const localData: unknown = existsSync(dataFile) ? JSON.parse(readFileSync(dataFile, 'utf8')) : {};
        const answer = {
            machineId: machine.machineId,
            answeredTo: requesterId,
            status: record.status,
            processStep: record.processStep,
            line: record.line,
            chainLength: head?.seq ?? 0,
            localData,
        };
        return Buffer.from(JSON.stringify(answer), 'utf8');
    };
}
