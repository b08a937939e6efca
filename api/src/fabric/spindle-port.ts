import type { ChaincodeEvent, CloseableAsyncIterable } from '@hyperledger/fabric-gateway';
import type {
    ChainHead,
    ChainVerification,
    GenealogyGraph,
    HistoryEntry,
    LotRecord,
    MachineRecord,
    MachineRegistration,
    MessageRecord,
    QueryRecord,
    TransformRecord,
} from '@spindle/chaincode/protocol';
import type { OpenedMessage, QueryOutcome, QueryStep } from '@spindle/client';
import type {
    lotCreationSchema,
    machineListQuerySchema,
    traceQuerySchema,
    transformCommandSchema,
} from '@spindle/chaincode/protocol';
import type { z } from 'zod';

import type { Principal } from '../auth/principal';
import type { ApiClient } from '../config/api-config';

/** A page of items and the bookmark of the next page (empty on the last). */
export interface ItemPage<T> {
    items: T[];
    bookmark: string;
}

/** The status changes an admin makes to a machine. */
export type MachineStatusAction = 'approve' | 'suspend' | 'reactivate' | 'retire';

/**
 * Every Fabric call the routes make, each as the request's principal (its one wallet identity).
 * The routes map requests onto these and nothing else, so they are tested on a fake; the real
 * one is `ClientPort`, on `@spindle/client`.
 */
export interface SpindlePort {
    /** The principal a configured client acts as: its identity's MSP, role and machine, from its certificate. */
    identify(client: ApiClient): Promise<Principal>;
    listMachines(
        as: Principal,
        query: z.input<typeof machineListQuerySchema> | undefined,
    ): Promise<ItemPage<MachineRecord>>;
    machine(as: Principal, machineId: string): Promise<MachineRecord>;
    machineHistory(as: Principal, machineId: string): Promise<HistoryEntry<MachineRecord>[]>;
    /** Registers the principal's own machine with the encryption key its wallet holds (made on first use). */
    registerMachine(
        as: Principal,
        registration: Omit<MachineRegistration, 'encryptionPublicKey'>,
    ): Promise<MachineRecord>;
    changeMachineStatus(as: Principal, action: MachineStatusAction, machineId: string): Promise<MachineRecord>;
    replaceMachine(
        as: Principal,
        oldMachineId: string,
        newMachineId: string,
    ): Promise<{ retired: MachineRecord; successor: MachineRecord }>;
    createLot(as: Principal, lot: z.input<typeof lotCreationSchema>): Promise<LotRecord>;
    transform(as: Principal, command: z.input<typeof transformCommandSchema>): Promise<TransformRecord>;
    lot(as: Principal, lotId: string): Promise<LotRecord>;
    lotHistory(as: Principal, lotId: string): Promise<HistoryEntry<LotRecord>[]>;
    transformRecord(as: Principal, transformId: string): Promise<TransformRecord>;
    trace(as: Principal, query: z.input<typeof traceQuerySchema>): Promise<GenealogyGraph>;
    sendMessage(
        as: Principal,
        receiverId: string,
        type: 'upload' | 'download',
        content: Uint8Array,
    ): Promise<MessageRecord>;
    inbox(as: Principal): Promise<OpenedMessage[]>;
    message(as: Principal, messageId: string): Promise<MessageRecord>;
    runQuery(
        as: Principal,
        responderId: string,
        question: Uint8Array,
        timeoutMs: number,
        onStep: (step: QueryStep) => void,
    ): Promise<QueryOutcome>;
    query(as: Principal, queryId: string): Promise<QueryRecord>;
    verifyChain(as: Principal, machineId: string, fromSeq: number, maxBlocks: number): Promise<ChainVerification>;
    chainHead(as: Principal, machineId: string): Promise<ChainHead>;
    /** The chaincode's events from `startBlock` (the next block when undefined), until closed. */
    chaincodeEvents(as: Principal, startBlock: bigint | undefined): Promise<CloseableAsyncIterable<ChaincodeEvent>>;
    /** The channel's height as the probe identity's peer knows it. */
    channelHeight(): Promise<bigint>;
}
