import { z } from 'zod';
import {
    CONTRACT_NAMES,
    MACHINE_REGISTRY_TRANSACTIONS as TX,
    type CertificateRenewal,
    type KeyPoolEntry,
    type MachineListQuery,
    type MachineRecord,
    type MachineRegistration,
    certificateRenewalSchema,
    historyEntrySchema,
    keyPoolEntrySchema,
    machineListQuerySchema,
    machineRecordSchema,
    machineRegistrationSchema,
    machineReplacementSchema,
    pageSchema,
    pemSchema,
    qualifiedName,
} from '@spindle/chaincode/protocol';

import { parseInput } from '../session/parse-input';
import { parseResult } from '../session/parse-result';
import type { SpindleGateway } from '../session/spindle-gateway';

const name = (transaction: string) => qualifiedName(CONTRACT_NAMES.machineRegistry, transaction);
const historySchema = z.array(historyEntrySchema(machineRecordSchema));
const machinePageSchema = pageSchema(machineRecordSchema);

/** The Machine-Equipment Blockchain and key pool, typed: every input checked before it leaves. */
export class MachineRegistryClient {
    constructor(private readonly session: SpindleGateway) {}

    /** Registers the session's own machine identity; the record starts PENDING. */
    async register(registration: MachineRegistration): Promise<MachineRecord> {
        const input = parseInput(machineRegistrationSchema, registration);
        return this.write(TX.register, [JSON.stringify(input)]);
    }

    /** Approves a PENDING machine (admin of its mill); its area is in its mill's collection, so no new definition is needed. */
    approve(machineId: string): Promise<MachineRecord> {
        return this.write(TX.approve, [machineId]);
    }

    /** Suspends an ACTIVE machine (admin of its mill). */
    suspend(machineId: string): Promise<MachineRecord> {
        return this.write(TX.suspend, [machineId]);
    }

    /** Reactivates a SUSPENDED machine (admin of its mill). */
    reactivate(machineId: string): Promise<MachineRecord> {
        return this.write(TX.reactivate, [machineId]);
    }

    /** Retires a machine for good (admin of its mill). */
    retire(machineId: string): Promise<MachineRecord> {
        return this.write(TX.retire, [machineId]);
    }

    /** Puts `newMachineId` in the place of `oldMachineId`, which is retired; both keep their history. */
    async replace(oldMachineId: string, newMachineId: string): Promise<z.infer<typeof machineReplacementSchema>> {
        const committed = await this.session.submit(name(TX.replace), { args: [oldMachineId, newMachineId] });
        return parseResult(machineReplacementSchema, committed.result);
    }

    /** Registers a new encryption public key for the session's own machine. */
    rotateEncryptionKey(machineId: string, encryptionPublicKey: string): Promise<MachineRecord> {
        return this.write(TX.rotateEncryptionKey, [machineId, encryptionPublicKey]);
    }

    /**
     * Approves, as an admin of the machine's mill, the key of `certificatePem` as the machine's
     * next signing key, for a machine whose old key is lost.
     */
    approveCertificateRenewal(machineId: string, certificatePem: string): Promise<MachineRecord> {
        return this.write(TX.approveCertificateRenewal, [machineId, parseInput(pemSchema, certificatePem)]);
    }

    /**
     * Moves the machine to the session's own (new) certificate; see {@link signCertificateRenewal}
     * for the request signed by the old key.
     */
    renewCertificate(renewal: CertificateRenewal): Promise<MachineRecord> {
        return this.write(TX.renewCertificate, [JSON.stringify(parseInput(certificateRenewalSchema, renewal))]);
    }

    /** One machine record. */
    async get(machineId: string): Promise<MachineRecord> {
        return parseResult(machineRecordSchema, await this.session.evaluate(name(TX.getMachine), [machineId]));
    }

    /** A page of machines by mill, type or status, in ID order. */
    async list(query: z.input<typeof machineListQuerySchema>): Promise<z.infer<typeof machinePageSchema>> {
        const input: MachineListQuery = parseInput(machineListQuerySchema, query);
        return parseResult(
            machinePageSchema,
            await this.session.evaluate(name(TX.listMachines), [JSON.stringify(input)]),
        );
    }

    /** Every machine of a list query, all its pages. */
    async listAll(query: z.input<typeof machineListQuerySchema>): Promise<MachineRecord[]> {
        const records: MachineRecord[] = [];
        let bookmark = '';
        do {
            const page = await this.list({ ...query, bookmark });
            records.push(...page.items);
            bookmark = page.bookmark;
        } while (bookmark !== '');
        return records;
    }

    /** Every change of a machine record, newest first. */
    async history(machineId: string): Promise<z.infer<typeof historySchema>> {
        return parseResult(historySchema, await this.session.evaluate(name(TX.getMachineHistory), [machineId]));
    }

    /** The key-pool entry of a machine: signing and encryption keys and status. */
    async keys(machineId: string): Promise<KeyPoolEntry> {
        return parseResult(keyPoolEntrySchema, await this.session.evaluate(name(TX.getKeys), [machineId]));
    }

    private async write(transaction: string, args: string[]): Promise<MachineRecord> {
        const committed = await this.session.submit(name(transaction), { args });
        return parseResult(machineRecordSchema, committed.result);
    }
}
