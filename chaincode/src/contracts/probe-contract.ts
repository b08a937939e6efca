import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { assertMachineOrMillStaff, assertRole } from '../domain';
import { CONTRACT_NAMES, DomainError, EVENT_NAMES, parseId } from '../protocol';
import {
    getPrivateProbeValue,
    getProbeValue,
    putPrivateProbeValue,
    putProbeValue,
    readCaller,
    requireMachine,
} from '../ledger';
import { SpindleContract } from './spindle-contract';

const MAX_VALUE_BYTES = 64 * 1024;

/** Event a `put` emits; it carries the key only, never the value. */
export const PROBE_PUT_EVENT = EVENT_NAMES.probePut;

/**
 * A minimal contract that proves a deployment works end to end: the network tool's health
 * check calls `ping`, the integration tests write public and private values and listen for
 * its event, and the benchmarks use `put` as their baseline transaction.
 */
@Info({ title: 'Probe', description: 'Deployment health and baseline transactions' })
export class ProbeContract extends SpindleContract {
    constructor() {
        super(CONTRACT_NAMES.probe);
    }

    /** Answers with the endorsing peer's view of the caller, so a health check sees the chaincode run. */
    @Transaction(false)
    @Returns('string')
    ping(ctx: Context): string {
        return JSON.stringify({ mspId: ctx.clientIdentity.getMSPID(), transactionId: ctx.stub.getTxID() });
    }

    /**
     * Writes a small public value of the caller's mill and emits `ProbePut` with the key. Only a
     * mill's admin or operator may; values live under keys of their own object type and the
     * caller's MSP ID, apart from every domain key and from other mills' values.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE, NOT_AUTHORIZED.
     */
    @Transaction()
    async put(ctx: Context, key: string, value: string): Promise<void> {
        assertKey(key);
        assertSize(value);
        const caller = readCaller(ctx);
        assertRole(caller, ['admin', 'operator'], 'write Probe values');
        await putProbeValue(ctx, caller.mspId, key, Buffer.from(value, 'utf8'));
        ctx.stub.setEvent(PROBE_PUT_EVENT, Buffer.from(JSON.stringify({ key }), 'utf8'));
    }

    /**
     * Reads a public value of the caller's own mill.
     *
     * @throws DomainError INVALID_ARGUMENT; NOT_FOUND when the key was never written.
     */
    @Transaction(false)
    @Returns('string')
    async get(ctx: Context, key: string): Promise<string> {
        assertKey(key);
        const value = await getProbeValue(ctx, ctx.clientIdentity.getMSPID(), key);
        if (value.length === 0) {
            throw new DomainError('NOT_FOUND', `no value under ${key}`);
        }
        return Buffer.from(value).toString('utf8');
    }

    /**
     * Writes the transient field `value` into a machine's private area (its mill's collection),
     * so the value never reaches the ledger. Only the machine's own mill may: its admin, its
     * operator or the machine itself.
     *
     * @throws DomainError INVALID_ARGUMENT, PAYLOAD_TOO_LARGE; NOT_FOUND for an unregistered
     *   machine; NOT_AUTHORIZED for any caller outside its mill.
     */
    @Transaction()
    async putPrivate(ctx: Context, machineId: string, key: string): Promise<void> {
        parseId(machineId, 'machineId');
        assertKey(key);
        // A Probe write is no delivery: nothing checks what it writes, so only the owner's mill
        // may (another mill's machines deliver through Communication:send).
        assertMachineOrMillStaff(readCaller(ctx), await requireMachine(ctx, machineId), `write to ${machineId}'s area`);
        const value = ctx.stub.getTransient().get('value');
        if (value === undefined || value.length === 0) {
            throw new DomainError('INVALID_ARGUMENT', 'the transient field "value" is missing');
        }
        assertSize(Buffer.from(value).toString('utf8'));
        await putPrivateProbeValue(ctx, machineId, key, value);
    }

    /**
     * Reads a private value of a machine's area; Fabric itself refuses callers outside the
     * collection's mill.
     *
     * @throws DomainError INVALID_ARGUMENT; NOT_FOUND when the key was never written.
     */
    @Transaction(false)
    @Returns('string')
    async getPrivate(ctx: Context, machineId: string, key: string): Promise<string> {
        parseId(machineId, 'machineId');
        assertKey(key);
        const value = await getPrivateProbeValue(ctx, machineId, key);
        if (value.length === 0) {
            throw new DomainError('NOT_FOUND', `no private value under ${key} in the area of ${machineId}`);
        }
        return Buffer.from(value).toString('utf8');
    }
}

function assertKey(key: string): void {
    parseId(key, 'key');
}

function assertSize(value: string): void {
    if (Buffer.byteLength(value, 'utf8') > MAX_VALUE_BYTES) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `value is larger than ${MAX_VALUE_BYTES} bytes`);
    }
}
