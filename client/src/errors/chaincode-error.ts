import { GatewayError } from '@hyperledger/fabric-gateway';

/** "chaincode response 500, RECEIVER_UNKNOWN: machine x is not registered" as peers report it. */
const CHAINCODE_RESPONSE = /chaincode response \d+, ([A-Z][A-Z0-9_]*: [\s\S]*)$/;
/** A message that already starts with a code. */
const CODED_MESSAGE = /^([A-Z][A-Z0-9_]*): /;

/**
 * The chaincode's own message (`CODE: text`) inside an error from the Fabric Gateway, found in
 * the endorsing peers' error details or in the error's message; undefined when the error did
 * not come from the chaincode (a network fault, a commit failure).
 */
export function chaincodeMessageOf(error: unknown): string | undefined {
    const messages: string[] = [];
    if (error instanceof GatewayError) {
        messages.push(...error.details.map((detail) => detail.message));
    }
    if (error instanceof Error) {
        messages.push(error.message);
    }
    for (const message of messages) {
        const fromPeer = CHAINCODE_RESPONSE.exec(message);
        if (fromPeer?.[1]) {
            return fromPeer[1];
        }
    }
    return messages.find((message) => CODED_MESSAGE.test(message));
}

/** The code at the start of the chaincode's message in a gateway error, e.g. `REPLAYED`. */
export function errorCodeOf(error: unknown): string | undefined {
    const message = chaincodeMessageOf(error);
    return message ? CODED_MESSAGE.exec(message)?.[1] : undefined;
}
