/**
 * Canonical texts of deeply frozen plain objects and arrays, by identity. Such a value cannot
 * change, so its text is computed once however often it is written: a delivered packet is hashed
 * and then written into two mailbox entries, each holding it whole.
 */
const frozenTexts = new WeakMap<object, string>();

/**
 * The RFC 8785 (JCS) canonical JSON text of `value`: sorted keys, no whitespace, fixed number
 * format. Every hash and signature in Spindle is over these bytes, and every stored value is
 * written in this form so all endorsing peers produce identical write sets. It gives the text of
 * the `canonicalize` package (2.1.0) for every value (test/unit/protocol/canonical-json.test.ts).
 *
 * @throws TypeError when `value` has no JSON form (a function, `undefined`); Error for a
 *   non-finite number.
 */
export function toCanonicalJson(value: unknown): string {
    unchangeable = true;
    const text = serialize(value);
    if (text === undefined) {
        throw new TypeError('value has no canonical JSON form');
    }
    return text;
}

/** The UTF-8 bytes of {@link toCanonicalJson}. */
export function toCanonicalBytes(value: unknown): Uint8Array {
    return new TextEncoder().encode(toCanonicalJson(value));
}

/**
 * Whether everything serialised since the innermost object began can never change: primitives,
 * and deeply frozen plain objects and arrays. A module variable rather than a returned pair, so
 * the common case, a mutable value, allocates nothing more than the text.
 */
let unchangeable = true;

/** JCS serialisation; `undefined` where JSON has no text (a function or `undefined`), embedded as `undefined` like the package does. */
function serialize(value: unknown): string | undefined {
    if (typeof value === 'number' && Number.isNaN(value)) {
        throw new Error('NaN is not allowed');
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new Error('Infinity is not allowed');
    }
    if (value === null || typeof value !== 'object') {
        // JSON.stringify answers undefined for a function, a symbol or undefined, whatever its declared type.
        const text: string | undefined = JSON.stringify(value);
        return text;
    }
    const frozen = Object.isFrozen(value);
    const memoised = frozen ? frozenTexts.get(value) : undefined;
    if (memoised !== undefined) {
        return memoised;
    }
    const withJson = value as { toJSON?: unknown };
    if (withJson.toJSON instanceof Function) {
        const text = serialize((withJson.toJSON as () => unknown).call(value));
        unchangeable = false;
        return text;
    }
    const outer = unchangeable;
    unchangeable = frozen;
    const text = Array.isArray(value) ? serializeArray(value) : serializeRecord(value as Record<string, unknown>);
    if (unchangeable && isPlain(value)) {
        frozenTexts.set(value, text);
    } else {
        unchangeable = false;
    }
    unchangeable &&= outer;
    return text;
}

function serializeArray(items: readonly unknown[]): string {
    let text = '[';
    for (let index = 0; index < items.length; index += 1) {
        const item = items[index];
        text += `${index === 0 ? '' : ','}${String(serialize(item === undefined || typeof item === 'symbol' ? null : item))}`;
    }
    return `${text}]`;
}

function serializeRecord(record: Record<string, unknown>): string {
    let text = '';
    // Default sort: UTF-16 code units, the order RFC 8785 gives keys.
    for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member !== undefined && typeof member !== 'symbol') {
            text += `${text.length === 0 ? '' : ','}${JSON.stringify(key)}:${String(serialize(member))}`;
        }
    }
    return `{${text}}`;
}

/** An array, or an object of the plain prototype (no class whose text could come from elsewhere). */
function isPlain(value: object): boolean {
    const prototype = Object.getPrototypeOf(value) as unknown;
    return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}
