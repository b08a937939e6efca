import { DomainError } from '@spindle/chaincode/protocol';

/**
 * The code of the DomainError `action` throws, or undefined when it throws nothing.
 *
 * @throws the error itself when it is not a DomainError.
 */
export function codeOf(action: () => unknown): string | undefined {
    try {
        action();
        return undefined;
    } catch (error) {
        if (!(error instanceof DomainError)) {
            throw error;
        }
        return error.code;
    }
}
