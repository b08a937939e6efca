import { ErrorCode, isErrorCode } from './error-code';

/**
 * The one error type of Spindle's rules. Only the message crosses the gateway, so the message
 * starts with the code: `RECEIVER_UNKNOWN: machine carding-07 is not registered`.
 */
export class DomainError extends Error {
    /** The machine-readable reason, one of `ERROR_CODES`. */
    readonly code: ErrorCode;
    /** The human-readable part of the message, after the code. */
    readonly detail: string;

    constructor(code: ErrorCode, detail: string) {
        super(`${code}: ${detail}`);
        this.name = 'DomainError';
        this.code = code;
        this.detail = detail;
    }
}

const PREFIX = /^([A-Z][A-Z_]*): /;
const ANYWHERE = /(?:^|[^A-Z_])([A-Z][A-Z_]*): /g;

/** The code a chaincode message starts with, or `undefined` when it starts with none. */
export function parseErrorCode(message: string): ErrorCode | undefined {
    const match = PREFIX.exec(message);
    const code = match?.[1];
    return code !== undefined && isErrorCode(code) ? code : undefined;
}

/**
 * The first known code found anywhere in `text`, for messages a gateway wraps
 * (`chaincode response 500, RECEIVER_UNKNOWN: ...`).
 */
export function findErrorCode(text: string): ErrorCode | undefined {
    for (const match of text.matchAll(ANYWHERE)) {
        const code = match[1];
        if (code !== undefined && isErrorCode(code)) {
            return code;
        }
    }
    return undefined;
}
