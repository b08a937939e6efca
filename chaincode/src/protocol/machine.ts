import { z } from 'zod';
import { previousCertificateSchema, renewalApprovalSchema } from './certificate-renewal';
import { idSchema, mspIdSchema, textSchema, timestampSchema } from './identifiers';
import { LIMITS } from './limits';
import { MACHINE_TYPES, PROCESS_STEPS, machineTypeSchema } from './machine-types';
import { pageRequestShape } from './paging';

/**
 * Statuses of a machine: PENDING on registration, ACTIVE once approved with its collection,
 * SUSPENDED and back, RETIRED for good.
 */
export const MACHINE_STATUSES = ['PENDING', 'ACTIVE', 'SUSPENDED', 'RETIRED'] as const;

/** Actions that change a machine record, as its history shows them. */
export const MACHINE_ACTIONS = [
    'register',
    'approve',
    'suspend',
    'reactivate',
    'retire',
    'replace',
    'rotateEncryptionKey',
    'approveCertificateRenewal',
    'renewCertificate',
] as const;

/** A PEM certificate or public key, at most `LIMITS.pemChars` characters. */
export const pemSchema = z
    .string()
    .max(LIMITS.pemChars)
    .regex(/^-----BEGIN [A-Z ]+-----\r?\n[A-Za-z0-9+/=\r\n]+-----END [A-Z ]+-----\r?\n?$/, 'must be PEM');

/** The argument of `MachineRegistry:register`. The signing certificate is the caller's own. */
export const machineRegistrationSchema = z
    .object({
        machineId: idSchema,
        ownerMspId: mspIdSchema,
        /** Any spelling of the vocabulary; stored as its canonical name. */
        machineType: machineTypeSchema,
        line: idSchema,
        processStep: z.enum(PROCESS_STEPS),
        vendor: textSchema,
        serialNumber: textSchema,
        encryptionPublicKey: pemSchema,
    })
    .strict();

/** A registration request. */
export type MachineRegistration = z.infer<typeof machineRegistrationSchema>;

/** A machine record of the Machine-Equipment Blockchain, one world-state value per machine. */
export const machineRecordSchema = machineRegistrationSchema
    .extend({
        machineType: z.enum(MACHINE_TYPES),
        status: z.enum(MACHINE_STATUSES),
        signingCertificate: pemSchema,
        signingPublicKey: pemSchema,
        replaces: idSchema.optional(),
        replacedBy: idSchema.optional(),
        registeredAt: timestampSchema,
        updatedAt: timestampSchema,
        lastAction: z.enum(MACHINE_ACTIONS),
        /** The certificates the machine held before its current one, oldest first, at most `LIMITS.previousCertificatesMax`. */
        previousCertificates: z.array(previousCertificateSchema).max(LIMITS.previousCertificatesMax).optional(),
        /** A new signing key its mill's admin approved, waiting for the machine to present it. */
        renewalApproval: renewalApprovalSchema.optional(),
    })
    .strict();

/** A machine record. */
export type MachineRecord = z.infer<typeof machineRecordSchema>;

/** A machine status. */
export type MachineStatus = (typeof MACHINE_STATUSES)[number];

/** The key-pool view of a machine: what a peer needs to verify it and encrypt to it. */
export const keyPoolEntrySchema = machineRecordSchema
    .pick({
        machineId: true,
        ownerMspId: true,
        status: true,
        signingCertificate: true,
        signingPublicKey: true,
        encryptionPublicKey: true,
    })
    .strict();

/** A key-pool entry. */
export type KeyPoolEntry = z.infer<typeof keyPoolEntrySchema>;

/** The answer of `MachineRegistry:replace`: both records as written. */
export const machineReplacementSchema = z
    .object({ retired: machineRecordSchema, successor: machineRecordSchema })
    .strict();

/** The argument of `MachineRegistry:listMachines`: one index (mill, type or status) and a page. */
export const machineListQuerySchema = z.discriminatedUnion('by', [
    z.object({ by: z.literal('mill'), value: mspIdSchema, ...pageRequestShape }).strict(),
    z.object({ by: z.literal('type'), value: machineTypeSchema, ...pageRequestShape }).strict(),
    z.object({ by: z.literal('status'), value: z.enum(MACHINE_STATUSES), ...pageRequestShape }).strict(),
]);

/** A list query. */
export type MachineListQuery = z.infer<typeof machineListQuerySchema>;
