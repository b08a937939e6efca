import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import type { z } from 'zod';
import {
    EVENT_PAYLOAD_SCHEMAS,
    TRANSIENT_BLOCK_ENTRIES,
    mailboxEntrySchema,
    machineRecordSchema,
    messageRecordSchema,
    parseErrorCode,
    toCanonicalBytes,
    type ErrorCode,
    type EventName,
    type EventPayload,
    type MachineRecord,
    type Mailbox,
    type MailboxEntry,
    type MachineRegistration,
    type MessageRecord,
    type Packet,
} from '@spindle/chaincode/protocol';
import { buildPacket, packetTransient, type PacketDraft } from '../support/packet-client';
import { adminOf, machineIdentity, mspIdOf, suiteMachine } from './fixture';
import type { IdentitySpec, LedgerHarness, SubmitResult } from './harness';
import { TX } from './transactions';

/** A fresh P-256 public key, SPKI PEM: a machine's encryption key. */
export function newEncryptionKey(): string {
    return generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
        .publicKey.export({ type: 'spki', format: 'pem' })
        .toString();
}

/** Parses a transaction's JSON answer with its schema. */
export function parseAnswer<S extends z.ZodTypeAny>(schema: S, bytes: Uint8Array): z.output<S> {
    return schema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown) as z.output<S>;
}

/** The transient map of `appendBlock` carrying `entries`. */
export function entriesTransient(entries: readonly MailboxEntry[]): Record<string, Uint8Array> {
    return { [TRANSIENT_BLOCK_ENTRIES]: toCanonicalBytes(entries) };
}

/**
 * Asserts that a committed transaction emitted `name` with exactly `payload`.
 */
export function expectEvent<N extends EventName>(result: SubmitResult, name: N, payload: EventPayload<N>): void {
    expect(result.event?.name).to.equal(name);
    const schema: z.ZodTypeAny = EVENT_PAYLOAD_SCHEMAS[name];
    expect(parseAnswer(schema, result.event?.payload ?? new Uint8Array())).to.deep.equal(payload);
}

/**
 * The suite's view of one ledger: registration and activation of fixture machines (skipped
 * when done already), packets stamped with the ledger's time and signed with the sender's key,
 * and the assertion that a refusal carries its code and wrote nothing.
 */
export class SuiteWorld {
    constructor(readonly harness: LedgerHarness) {}

    /** Submits and returns the committed result. */
    submit(
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
        transient?: Record<string, Uint8Array>,
    ): Promise<SubmitResult> {
        return this.harness.submit(identity, transaction, args, transient);
    }

    /** Submits and parses the answer with `schema`. */
    async submitFor<S extends z.ZodTypeAny>(
        schema: S,
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
        transient?: Record<string, Uint8Array>,
    ): Promise<z.output<S>> {
        return parseAnswer(schema, (await this.submit(identity, transaction, args, transient)).payload);
    }

    /** Evaluates and parses the answer with `schema`. */
    async evaluateFor<S extends z.ZodTypeAny>(
        schema: S,
        identity: IdentitySpec,
        transaction: string,
        args: string[] = [],
    ): Promise<z.output<S>> {
        return parseAnswer(schema, await this.harness.evaluate(identity, transaction, args));
    }

    /** The registration a fixture machine submits. */
    registration(machineId: string, overrides: Partial<MachineRegistration> = {}): MachineRegistration {
        const machine = suiteMachine(machineId);
        return {
            machineId,
            ownerMspId: mspIdOf(machine.mill),
            machineType: machine.machineType,
            line: machine.line,
            processStep: machine.processStep,
            vendor: 'Trützschler',
            serialNumber: `SN-${machineId}`,
            encryptionPublicKey: newEncryptionKey(),
            ...overrides,
        };
    }

    /** A machine's record, or undefined when it is not registered. */
    async machine(machineId: string): Promise<MachineRecord | undefined> {
        try {
            return await this.evaluateFor(
                machineRecordSchema,
                adminOf(suiteMachine(machineId).mill),
                TX.registry.getMachine,
                [machineId],
            );
        } catch (error) {
            if (error instanceof Error && parseErrorCode(error.message) === 'NOT_FOUND') {
                return undefined;
            }
            throw error;
        }
    }

    /** Registers a fixture machine by its own identity, unless it is registered already. */
    async register(machineId: string): Promise<MachineRecord> {
        return (
            (await this.machine(machineId)) ??
            (await this.submitFor(machineRecordSchema, machineIdentity(machineId), TX.registry.register, [
                JSON.stringify(this.registration(machineId)),
            ]))
        );
    }

    /** Registers fixture machines and has their mills' admins approve them, unless already ACTIVE. */
    async activate(...machineIds: string[]): Promise<void> {
        for (const machineId of machineIds) {
            const machine = await this.register(machineId);
            if (machine.status === 'PENDING') {
                await this.submit(adminOf(suiteMachine(machineId).mill), TX.registry.approve, [machineId]);
            }
        }
    }

    /** One entry of a machine's inbox or outbox, read as `identity`. */
    readMailbox(identity: IdentitySpec, machineId: string, mailbox: Mailbox, messageId: string): Promise<MailboxEntry> {
        return this.evaluateFor(mailboxEntrySchema, identity, TX.communication.readMailbox, [
            JSON.stringify({ machineId, mailbox, messageId }),
        ]);
    }

    /**
     * Submits `appendBlock` for `machineId` as `identity`: the command names `entries`, and the
     * transient map carries `transient` (by default the entries as the machine itself reads them).
     */
    async append(
        identity: IdentitySpec,
        machineId: string,
        entries: { mailbox: Mailbox; messageId: string }[],
        transient?: Record<string, Uint8Array>,
    ): Promise<SubmitResult> {
        const stored = [];
        if (transient === undefined) {
            for (const { mailbox, messageId } of entries) {
                stored.push(await this.readMailbox(machineIdentity(machineId), machineId, mailbox, messageId));
            }
        }
        return this.submit(
            identity,
            TX.communication.appendBlock,
            [JSON.stringify({ machineId, entries })],
            transient ?? entriesTransient(stored),
        );
    }

    /** A complete packet stamped with the ledger's time and signed by `signer` (the sender by default). */
    async packet(draft: Omit<PacketDraft, 'timestamp'> & { timestamp?: Date }, signer?: IdentitySpec): Promise<Packet> {
        const credentials = await this.harness.credentials(signer ?? machineIdentity(draft.senderId));
        return buildPacket({ timestamp: await this.harness.now(), ...draft }, credentials.privateKeyPem);
    }

    /** Sends a plain message from one fixture machine to another; returns the public record. */
    async send(senderId: string, receiverId: string, type: 'upload' | 'download' = 'upload'): Promise<MessageRecord> {
        const packet = await this.packet({ senderId, receiverId, type });
        return this.submitFor(
            messageRecordSchema,
            machineIdentity(senderId),
            TX.communication.send,
            [],
            packetTransient(packet),
        );
    }

    /**
     * Asserts that `action` is refused with `code` and, where the harness can tell, that the
     * ledger is unchanged afterwards.
     */
    async refuses(code: ErrorCode, action: () => Promise<unknown>): Promise<void> {
        const before = await this.harness.stateDigest?.();
        let failure: unknown;
        try {
            await action();
        } catch (error) {
            failure = error;
        }
        if (!(failure instanceof Error)) {
            expect.fail(`expected a refusal with ${code}, but the transaction succeeded`);
        }
        expect(parseErrorCode(failure.message), failure.message).to.equal(code);
        const after = await this.harness.stateDigest?.();
        expect(after, 'a refused transaction changed the ledger').to.equal(before);
    }
}
