/** The Spindle client library: sessions on the Fabric Gateway, typed contract clients, packets. */
export { connectGateway, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
export { chaincodeMessageOf, errorCodeOf } from './chaincode-error';
export { transactionEventOf, waitForBlock, type TransactionEvent } from './transaction-event';
export { collectionsNeedingTrustedEndorsers, endorsingOrganizationsFor } from './endorsing-organizations';
export { isRetryableEndorsementFailure, retrying } from './retry';
export { SpindleError, toSpindleError, type ClientErrorCode } from './spindle-error';
export { SpindleGateway, type CommittedTransaction, type SessionOptions, type SubmitOptions } from './spindle-gateway';
export { MachineRegistryClient } from './machine-registry-client';
export { MaterialLedgerClient } from './material-ledger-client';
export { CommunicationClient, deliverPacket } from './communication-client';
export { QueryFlowClient } from './query-flow-client';
export { buildPacket, isSignedBy, openPacket, type PacketDraft, type PayloadCipher } from './packets';
