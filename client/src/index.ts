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
export { MachineSession } from './machine-session';
export { ensureMachineActive, type MachineDescription } from './machine-provisioning';
export { localIdentity, openLocalSession, readProfiles, type LocalIdentity } from './local-network-identities';
export { runQuery, type QueryOutcome, type QueryStep, type RunQueryOptions } from './query-flow';
export { DeviceAgent, type AgentFaults, type DeviceAgentOptions, type QueryAnswerer } from './agent/device-agent';
export { FileCheckpointer } from './agent/file-checkpointer';
export { machineAnswerer } from './agent/machine-answerer';
export { eciesCipher } from './ecies-cipher';
export { newNodeCryptoSigning, type NodeCryptoSigning } from './node-crypto-signer';
export {
    decryptPayload,
    encryptPayload,
    encryptedEnvelopeSchema,
    envelopeCipher,
    newEncryptionKeyPair,
    type EncryptedEnvelope,
    type EncryptionKeyPair,
} from './packet-encryption';
export { FileSystemWallet, type X509Identity } from './wallet';
