const utf8 = new TextDecoder();

/** Bytes a machine or the chaincode sent, as JSON when they are, else as UTF-8 text. */
export function jsonOrText(bytes: Uint8Array): unknown {
    const text = utf8.decode(bytes);
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return text;
    }
}
