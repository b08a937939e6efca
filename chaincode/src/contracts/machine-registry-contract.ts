import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import {
    approveCertificateRenewal,
    changeMachineStatus,
    found,
    registerMachine,
    renewCertificate,
    replaceMachine,
    rotateEncryptionKey,
    type StatusAction,
} from '../domain';
import {
    CONTRACT_NAMES,
    EVENT_NAMES,
    certificateRenewalSchema,
    machineListQuerySchema,
    machineRegistrationSchema,
    parseArgument,
    parseId,
    parseValue,
    pemSchema,
    toCanonicalJson,
    type KeyPoolEntry,
} from '../protocol';
import {
    collectionExists,
    emitEvent,
    listMachines,
    loadMachine,
    machineHistory,
    privateAreaOf,
    readCaller,
    requireMachine,
    saveMachine,
    transactionTime,
} from '../ledger';
import { SpindleContract } from './spindle-contract';

/**
 * The Machine-Equipment Blockchain and the key pool: one world-state record per machine, under
 * state-based endorsement by its owning mill, with its whole history.
 */
@Info({ title: 'MachineRegistry', description: 'Machine registration, approval, status, replacement and key pool' })
export class MachineRegistryContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.machineRegistry);
    }

    /**
     * Registers the calling machine as PENDING; its enrollment certificate becomes its signing
     * certificate. Emits `MachineRegistered`. Returns the record.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_AUTHORIZED, CONFLICT.
     */
    @Transaction()
    @Returns('string')
    async register(ctx: Context, registration: string): Promise<string> {
        const command = parseArgument(machineRegistrationSchema, registration, 'registration');
        const existing = await loadMachine(ctx, command.machineId);
        const machine = registerMachine(command, readCaller(ctx), existing, transactionTime(ctx));
        await saveMachine(ctx, machine, undefined);
        emitEvent(ctx, EVENT_NAMES.machineRegistered, { machineId: machine.machineId, ownerMspId: machine.ownerMspId });
        return toCanonicalJson(machine);
    }

    /**
     * PENDING -> ACTIVE, by an admin of the owning mill, once the machine's collection exists.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID, COLLECTION_MISSING.
     */
    @Transaction()
    @Returns('string')
    async approve(ctx: Context, machineId: string): Promise<string> {
        return changeStatus(ctx, machineId, 'approve');
    }

    /**
     * ACTIVE -> SUSPENDED, by an admin of the owning mill: the machine can neither send nor answer.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async suspend(ctx: Context, machineId: string): Promise<string> {
        return changeStatus(ctx, machineId, 'suspend');
    }

    /**
     * SUSPENDED -> ACTIVE, by an admin of the owning mill.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async reactivate(ctx: Context, machineId: string): Promise<string> {
        return changeStatus(ctx, machineId, 'reactivate');
    }

    /**
     * Any status but RETIRED -> RETIRED for good, by an admin of the owning mill.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async retire(ctx: Context, machineId: string): Promise<string> {
        return changeStatus(ctx, machineId, 'retire');
    }

    /**
     * The new machine takes over the old one's position and becomes ACTIVE with `replaces`; the
     * old one becomes RETIRED with `replacedBy`. Emits `MachineReplaced`. Returns both records.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID, COLLECTION_MISSING.
     */
    @Transaction()
    @Returns('string')
    async replace(ctx: Context, oldMachineId: string, newMachineId: string): Promise<string> {
        const old = await requireMachine(ctx, parseId(oldMachineId, 'oldMachineId'));
        const successor = await requireMachine(ctx, parseId(newMachineId, 'newMachineId'));
        const { retired, successor: next } = replaceMachine(old, successor, readCaller(ctx), {
            at: transactionTime(ctx),
            collectionExists: await privateAreaDefined(ctx, successor.machineId),
        });
        await saveMachine(ctx, retired, old);
        await saveMachine(ctx, next, successor);
        emitEvent(ctx, EVENT_NAMES.machineReplaced, { oldMachineId: old.machineId, newMachineId: next.machineId });
        return toCanonicalJson({ retired, successor: next });
    }

    /**
     * Replaces the machine's encryption key, by the machine itself; the old key stays in history.
     * Emits `EncryptionKeyRotated`.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async rotateEncryptionKey(ctx: Context, machineId: string, encryptionPublicKey: string): Promise<string> {
        const machine = await requireMachine(ctx, parseId(machineId, 'machineId'));
        const key = parseValue(pemSchema, encryptionPublicKey, 'encryptionPublicKey');
        const next = rotateEncryptionKey(machine, key, readCaller(ctx), transactionTime(ctx));
        await saveMachine(ctx, next, machine);
        emitEvent(ctx, EVENT_NAMES.encryptionKeyRotated, { machineId: next.machineId });
        return toCanonicalJson(next);
    }

    /**
     * Approves, as an admin of the owning mill, the key of `certificate` as the machine's next
     * signing key, for a machine whose old key is lost; the machine then calls `renewCertificate`
     * with that certificate and no signature. Emits `CertificateRenewalApproved`.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND, NOT_AUTHORIZED, STATE_INVALID, EXPIRED, CONFLICT.
     */
    @Transaction()
    @Returns('string')
    async approveCertificateRenewal(ctx: Context, machineId: string, certificate: string): Promise<string> {
        const machine = await requireMachine(ctx, parseId(machineId, 'machineId'));
        const pem = parseValue(pemSchema, certificate, 'certificate');
        const next = approveCertificateRenewal(machine, pem, readCaller(ctx), transactionTime(ctx));
        await saveMachine(ctx, next, machine);
        emitEvent(ctx, EVENT_NAMES.certificateRenewalApproved, { machineId: next.machineId });
        return toCanonicalJson(next);
    }

    /**
     * Moves the machine to the caller's (new) certificate: signed by its old key, or approved by
     * its mill's admin. The key pool then holds the new key; the old certificate stays in the
     * record's `previousCertificates` and its history. Emits `CertificateRenewed`.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_FOUND, NOT_AUTHORIZED,
     *   STATE_INVALID, EXPIRED, REPLAYED, CONFLICT, SIGNATURE_INVALID.
     */
    @Transaction()
    @Returns('string')
    async renewCertificate(ctx: Context, renewal: string): Promise<string> {
        const command = parseArgument(certificateRenewalSchema, renewal, 'renewal');
        const machine = await requireMachine(ctx, command.machineId);
        const next = renewCertificate(machine, command, readCaller(ctx), transactionTime(ctx));
        await saveMachine(ctx, next, machine);
        emitEvent(ctx, EVENT_NAMES.certificateRenewed, { machineId: next.machineId });
        return toCanonicalJson(next);
    }

    /**
     * One machine record.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getMachine(ctx: Context, machineId: string): Promise<string> {
        return toCanonicalJson(await requireMachine(ctx, parseId(machineId, 'machineId')));
    }

    /**
     * A page of machines by mill, type or status: `{ items, bookmark }`.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE.
     */
    @Transaction(false)
    @Returns('string')
    async listMachines(ctx: Context, query: string): Promise<string> {
        return toCanonicalJson(await listMachines(ctx, parseArgument(machineListQuerySchema, query, 'query')));
    }

    /**
     * Every change of a machine record, newest first, with transaction IDs and timestamps.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getMachineHistory(ctx: Context, machineId: string): Promise<string> {
        const history = await machineHistory(ctx, parseId(machineId, 'machineId'));
        return toCanonicalJson(
            found(history.length === 0 ? undefined : history, `machine ${machineId} is not registered`),
        );
    }

    /**
     * The key-pool entry of a machine: status and its signing and encryption public keys.
     *
     * @throws DomainError INVALID_ARGUMENT, NOT_FOUND.
     */
    @Transaction(false)
    @Returns('string')
    async getKeys(ctx: Context, machineId: string): Promise<string> {
        const machine = await requireMachine(ctx, parseId(machineId, 'machineId'));
        const entry: KeyPoolEntry = {
            machineId: machine.machineId,
            ownerMspId: machine.ownerMspId,
            status: machine.status,
            signingCertificate: machine.signingCertificate,
            signingPublicKey: machine.signingPublicKey,
            encryptionPublicKey: machine.encryptionPublicKey,
        };
        return toCanonicalJson(entry);
    }
}

async function changeStatus(ctx: Context, machineId: string, action: StatusAction): Promise<string> {
    const machine = await requireMachine(ctx, parseId(machineId, 'machineId'));
    const next = changeMachineStatus(machine, action, readCaller(ctx), {
        at: transactionTime(ctx),
        // Only approval needs the collection; the hash read is skipped otherwise.
        collectionExists: action === 'approve' && (await privateAreaDefined(ctx, machine.machineId)),
    });
    await saveMachine(ctx, next, machine);
    emitEvent(ctx, EVENT_NAMES.machineStatusChanged, { machineId: next.machineId, status: next.status });
    return toCanonicalJson(next);
}

/**
 * Whether the definition carries the collection of the machine's private area: its mill's, which
 * every mill has from the first definition on, so adding a machine needs no new definition; or,
 * on a network still on the per-machine layout, the machine's own.
 */
async function privateAreaDefined(ctx: Context, machineId: string): Promise<boolean> {
    return collectionExists(ctx, (await privateAreaOf(ctx, machineId)).collection);
}
