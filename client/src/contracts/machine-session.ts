import { CommunicationClient } from './communication-client';
import { MachineRegistryClient } from './machine-registry-client';
import { MaterialLedgerClient } from './material-ledger-client';
import { QueryFlowClient } from './query-flow-client';
import type { SpindleGateway } from '../session/spindle-gateway';

/**
 * A machine speaking for itself: its gateway session (its own enrollment), the private key of
 * its registered encryption key pair, and the typed contract clients over that session.
 */
export class MachineSession {
    readonly registry: MachineRegistryClient;
    readonly material: MaterialLedgerClient;
    readonly communication: CommunicationClient;
    readonly queries: QueryFlowClient;

    constructor(
        readonly machineId: string,
        readonly session: SpindleGateway,
        readonly encryptionPrivateKeyPem: string,
        /** The machine's enrollment (signing) private key, PEM. */
        readonly signingKeyPem: string,
    ) {
        this.registry = new MachineRegistryClient(session);
        this.material = new MaterialLedgerClient(session);
        this.communication = new CommunicationClient(session);
        this.queries = new QueryFlowClient(session);
    }

    /** Releases the session. */
    close(): void {
        this.session.close();
    }
}
