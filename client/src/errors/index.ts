/**
 * Failures the client reports: `SpindleError` with a code, the code recovered from a chaincode or
 * gateway error, identity refusals, the CLI exit status of each code, and local files read with a
 * coded failure instead of a bare ENOENT. The bottom of the client: it imports no other folder.
 */
export { SpindleError, isRateLimited, toSpindleError, type ClientErrorCode } from './spindle-error';
export { chaincodeMessageOf, errorCodeOf } from './chaincode-error';
export { isIdentityRefusal } from './identity-refusal';
export { EXIT_CODES, EXIT_UNEXPECTED, exitCodeOf } from './exit-codes';
export { RUN_FOLDER_REMEDY, readLocalFile } from './local-file';
