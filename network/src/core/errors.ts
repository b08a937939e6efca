/** What went wrong, for scripts; the message says it for people and starts with the code. */
export type NetworkErrorCode =
    | 'CONFIG_INVALID'
    | 'BINARY_MISSING'
    | 'PORT_TAKEN'
    | 'STEP_FAILED'
    | 'HEALTH_TIMEOUT'
    | 'NOT_RUNNING'
    /** The orderer refused a channel config update, e.g. signed by fewer admins than its policy needs. */
    | 'UPDATE_REFUSED'
    /** SPINDLE_WAN asked for a WAN delay that this kernel cannot make (no tc netem). */
    | 'WAN_UNSUPPORTED'
    /** The netns layout needs what is missing here: root, `ip`, `unshare`, or the mills' host names. */
    | 'LAYOUT_UNAVAILABLE';

/**
 * An error of the network tool. `logFile` names the log to read when a process or command failed.
 */
export class NetworkError extends Error {
    constructor(
        readonly code: NetworkErrorCode,
        detail: string,
        readonly logFile?: string,
    ) {
        super(`${code}: ${detail}${logFile ? ` (see ${logFile})` : ''}`);
        this.name = 'NetworkError';
    }
}
