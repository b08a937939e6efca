/** The Spindle client library. */
export { connectGateway, type ConnectionOptions, type GatewayConnection } from './gateway-connection';
export { chaincodeMessageOf, errorCodeOf } from './chaincode-error';
export { transactionEventOf, waitForBlock, type TransactionEvent } from './transaction-event';
export { collectionsNeedingTrustedEndorsers, endorsingOrganizationsFor } from './endorsing-organizations';
export { isRetryableEndorsementFailure, retrying } from './retry';
