import { MACHINE_STATUSES, type MachineRecord } from '@spindle/chaincode/protocol';
import {
    CommunicationClient,
    IdentityDirectory,
    MachineRegistryClient,
    MachineSession,
    MaterialLedgerClient,
    QueryFlowClient,
    type SpindleGateway,
    eciesCipher,
    openInboxEntry,
    readInbox,
    runQuery,
    sendMessage,
} from '@spindle/client';
import { common } from '@hyperledger/fabric-protos';

import { spindleAttributesOf } from '../auth/certificate-attributes';
import type { Principal } from '../auth/principal';
import type { ApiClient } from '../config/api-config';
import type { SpindlePort } from './spindle-port';

/**
 * The real port: each principal's calls go through a gateway session of its own wallet
 * identity (one gRPC connection per identity, opened on first use and kept), on the client
 * library's typed clients.
 */
export class ClientPort implements SpindlePort {
    readonly identities: IdentityDirectory;
    private readonly sessions = new Map<string, Promise<SpindleGateway>>();

    constructor(
        runDir: string,
        private readonly probeIdentity: string | undefined,
    ) {
        this.identities = new IdentityDirectory(runDir);
    }

    /**
     * The principal of a configured client: its identity's MSP, and the role and machine its
     * certificate carries.
     *
     * @throws SpindleError IDENTITY_MISSING when the wallet lacks the identity, WALLET_INVALID.
     */
    async identify(client: ApiClient): Promise<Principal> {
        const { identity } = await this.identities.identity(client.identity);
        const attributes = spindleAttributesOf(identity.credentials.certificate);
        return { clientId: client.id, identity: client.identity, mspId: identity.mspId, ...attributes };
    }

    async listMachines(as: Principal, query: Parameters<SpindlePort['listMachines']>[1]) {
        const registry = new MachineRegistryClient(await this.session(as));
        if (query !== undefined) {
            return registry.list(query);
        }
        const records: MachineRecord[] = [];
        for (const status of MACHINE_STATUSES) {
            records.push(...(await registry.listAll({ by: 'status', value: status })));
        }
        return { items: records.sort((a, b) => (a.machineId < b.machineId ? -1 : 1)), bookmark: '' };
    }

    async machine(as: Principal, machineId: string) {
        return new MachineRegistryClient(await this.session(as)).get(machineId);
    }

    async machineHistory(as: Principal, machineId: string) {
        return new MachineRegistryClient(await this.session(as)).history(machineId);
    }

    async registerMachine(as: Principal, registration: Parameters<SpindlePort['registerMachine']>[1]) {
        const keys = await this.identities.encryptionKeys(registration.machineId);
        return new MachineRegistryClient(await this.session(as)).register({
            ...registration,
            encryptionPublicKey: keys.publicKeyPem,
        });
    }

    async changeMachineStatus(as: Principal, action: Parameters<SpindlePort['changeMachineStatus']>[1], id: string) {
        return new MachineRegistryClient(await this.session(as))[action](id);
    }

    async replaceMachine(as: Principal, oldMachineId: string, newMachineId: string) {
        return new MachineRegistryClient(await this.session(as)).replace(oldMachineId, newMachineId);
    }

    async createLot(as: Principal, lot: Parameters<SpindlePort['createLot']>[1]) {
        return new MaterialLedgerClient(await this.session(as)).createLot(lot);
    }

    async transform(as: Principal, command: Parameters<SpindlePort['transform']>[1]) {
        return new MaterialLedgerClient(await this.session(as)).transform(command);
    }

    async lot(as: Principal, lotId: string) {
        return new MaterialLedgerClient(await this.session(as)).lot(lotId);
    }

    async lotHistory(as: Principal, lotId: string) {
        return new MaterialLedgerClient(await this.session(as)).lotHistory(lotId);
    }

    async transformRecord(as: Principal, transformId: string) {
        return new MaterialLedgerClient(await this.session(as)).transformRecord(transformId);
    }

    async trace(as: Principal, query: Parameters<SpindlePort['trace']>[1]) {
        return new MaterialLedgerClient(await this.session(as)).traceAll(query);
    }

    async sendMessage(as: Principal, receiverId: string, type: 'upload' | 'download', content: Uint8Array) {
        return sendMessage(await this.machineOf(as), receiverId, type, content);
    }

    async inbox(as: Principal) {
        const machine = await this.machineOf(as);
        const entries = await readInbox(machine);
        return Promise.all(entries.map((entry) => openInboxEntry(machine, entry)));
    }

    async message(as: Principal, messageId: string) {
        return new CommunicationClient(await this.session(as)).message(messageId);
    }

    async runQuery(
        as: Principal,
        responderId: string,
        question: Uint8Array,
        timeoutMs: number,
        onStep: Parameters<SpindlePort['runQuery']>[4],
    ) {
        const requester = await this.machineOf(as);
        return runQuery({
            requester,
            responderId,
            question,
            cipher: eciesCipher,
            chaincode: requester.session.options.chaincode,
            timeoutMs,
            onStep,
        });
    }

    async query(as: Principal, queryId: string) {
        return new QueryFlowClient(await this.session(as)).get(queryId);
    }

    async verifyChain(as: Principal, machineId: string, fromSeq: number, maxBlocks: number) {
        return new CommunicationClient(await this.session(as)).verifyWholeChain(machineId, undefined, {
            fromSeq,
            maxBlocks,
        });
    }

    async chainHead(as: Principal, machineId: string) {
        return new CommunicationClient(await this.session(as)).chainHead(machineId);
    }

    async chaincodeEvents(as: Principal, startBlock: bigint | undefined) {
        const session = await this.session(as);
        return session.network.getChaincodeEvents(
            session.options.chaincode,
            startBlock === undefined ? {} : { startBlock },
        );
    }

    async channelHeight(): Promise<bigint> {
        const label = this.probeIdentity;
        if (label === undefined) {
            throw new Error('UNAVAILABLE: no probe identity is configured');
        }
        const session = await this.sessionOf(label);
        const bytes = await session.network
            .getContract('qscc')
            .evaluateTransaction('GetChainInfo', session.options.channel);
        return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
    }

    /** Closes every session. */
    async close(): Promise<void> {
        const sessions = [...this.sessions.values()];
        this.sessions.clear();
        for (const session of await Promise.allSettled(sessions)) {
            if (session.status === 'fulfilled') {
                session.value.close();
            }
        }
    }

    private session(as: Principal): Promise<SpindleGateway> {
        return this.sessionOf(as.identity);
    }

    private sessionOf(label: string): Promise<SpindleGateway> {
        let session = this.sessions.get(label);
        if (session === undefined) {
            session = this.identities.open(label);
            // A failed open is not kept: the identity may be enrolled later.
            session.catch(() => this.sessions.delete(label));
            this.sessions.set(label, session);
        }
        return session;
    }

    /** The principal's machine, speaking for itself with the keys its wallet holds. */
    private async machineOf(as: Principal): Promise<MachineSession> {
        const machineId = as.machineId ?? as.identity;
        const { identity } = await this.identities.identity(as.identity);
        const keys = await this.identities.encryptionKeys(machineId);
        return new MachineSession(
            machineId,
            await this.session(as),
            keys.privateKeyPem,
            identity.credentials.privateKey,
        );
    }
}
