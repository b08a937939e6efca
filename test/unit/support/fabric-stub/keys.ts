/** Fabric's composite-key namespace byte: every composite key starts with it. */
export const COMPOSITE_KEY_NAMESPACE = '\u0000';
const SEPARATOR = '\u0000';
/** The largest code point: `prefix + MAX_UNICODE` ends a partial composite key's range. */
export const MAX_UNICODE = '\u{10ffff}';

/** Orders keys as LevelDB does: by their UTF-8 bytes (not JavaScript's UTF-16 order). */
export function compareKeys(left: string, right: string): number {
    return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

function assertAttribute(value: string): void {
    if (value.length === 0) {
        throw new Error('object type or attribute not a non-zero length string');
    }
}

/** fabric-shim's createCompositeKey: `\u0000type\u0000attr1\u0000attr2\u0000`. */
export function createCompositeKey(objectType: string, attributes: string[]): string {
    assertAttribute(objectType);
    let key = COMPOSITE_KEY_NAMESPACE + objectType + SEPARATOR;
    for (const attribute of attributes) {
        assertAttribute(attribute);
        key += attribute + SEPARATOR;
    }
    return key;
}

/** fabric-shim's splitCompositeKey. */
export function splitCompositeKey(compositeKey: string): { objectType: string; attributes: string[] } {
    if (compositeKey.length <= 1 || !compositeKey.startsWith(COMPOSITE_KEY_NAMESPACE)) {
        // fabric-shim answers a simple key with a null object type; its types say string.
        return { objectType: '', attributes: [] };
    }
    const parts = compositeKey.substring(1).split(SEPARATOR);
    parts.pop();
    const [objectType = '', ...attributes] = parts;
    return { objectType, attributes };
}

/**
 * fabric-shim's check on range-query keys: a simple key must not start with the composite-key
 * namespace byte.
 */
export function assertSimpleKeys(...keys: string[]): void {
    for (const key of keys) {
        if (key.startsWith(COMPOSITE_KEY_NAMESPACE)) {
            throw new Error(`first character of the key [${key}] contains a null character which is not allowed`);
        }
    }
}
