import canonicalize from 'canonicalize';

/**
 * The RFC 8785 (JCS) canonical JSON text of `value`: sorted keys, no whitespace, fixed number
 * format. Every hash and signature in Spindle is over these bytes, and every stored value is
 * written in this form so all endorsing peers produce identical write sets.
 *
 * @throws TypeError when `value` has no JSON form (a function, `undefined`, a non-finite number).
 */
export function toCanonicalJson(value: unknown): string {
    const text = canonicalize(value);
    if (text === undefined) {
        throw new TypeError('value has no canonical JSON form');
    }
    return text;
}

/** The UTF-8 bytes of {@link toCanonicalJson}. */
export function toCanonicalBytes(value: unknown): Uint8Array {
    return new TextEncoder().encode(toCanonicalJson(value));
}
