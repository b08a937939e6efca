import { Shim } from 'fabric-shim';

/** The fabric-shim loggers a transaction writes to: one or more lines per message with the peer. */
const SHIM_LOGGERS = [
    'lib/handler.js',
    'lib/stub.js',
    'lib/chaincode.js',
    'lib/iterators.js',
    'contracts-spi/chaincodefromcontract.js',
    'contracts-spi/datamarshall.js',
] as const;

/** The levels below the peer's default chaincode level (warning). */
const QUIET_LEVELS = ['info', 'verbose', 'debug', 'silly'] as const;

/**
 * Makes a fabric-shim log call at a level the logger does not write return at once. winston runs
 * every call through its whole format chain (timestamp, metadata, colours, padding, printf) and
 * only then lets the transport drop it by level; the shim logs at debug on every message with the
 * peer, so at the default level this took an eighth of the chaincode's CPU in a delivery (issue 15
 * profile). The level is asked on each call, so a level raised later still logs.
 */
export function skipUnwrittenShimLogs(): void {
    for (const name of SHIM_LOGGERS) {
        // newLogger answers the shim's own logger of that name (one per name).
        const logger = Shim.newLogger(name);
        for (const level of QUIET_LEVELS) {
            const write = logger[level].bind(logger);
            logger[level] = ((...args: Parameters<typeof write>) =>
                logger.isLevelEnabled(level) ? write(...args) : logger) as typeof write;
        }
    }
}
