/**
 * The few ASN.1 DER encodings a test certificate needs. Test support only: certificates for the
 * in-memory ledger's identities, parsed by fabric-shim exactly as Fabric's own.
 */

function length(size: number): Buffer {
    if (size < 0x80) {
        return Buffer.from([size]);
    }
    const bytes: number[] = [];
    for (let rest = size; rest > 0; rest = Math.floor(rest / 256)) {
        bytes.unshift(rest % 256);
    }
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** A tag-length-value element. */
export function tlv(tag: number, content: Uint8Array): Buffer {
    return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

/** SEQUENCE of elements. */
export function sequence(...elements: Uint8Array[]): Buffer {
    return tlv(0x30, Buffer.concat(elements));
}

/** SET of elements. */
export function set(...elements: Uint8Array[]): Buffer {
    return tlv(0x31, Buffer.concat(elements));
}

/** A non-negative INTEGER. */
export function integer(value: bigint): Buffer {
    let hex = value.toString(16);
    if (hex.length % 2 === 1) {
        hex = `0${hex}`;
    }
    let bytes = Buffer.from(hex, 'hex');
    if ((bytes[0] ?? 0) & 0x80) {
        bytes = Buffer.concat([Buffer.from([0]), bytes]);
    }
    return tlv(0x02, bytes);
}

/** An OBJECT IDENTIFIER from its dotted form. */
export function objectIdentifier(dotted: string): Buffer {
    const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
    const bytes = [first * 40 + second];
    for (const arc of rest) {
        const chunk = [arc % 128];
        for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
            chunk.unshift((value % 128) | 0x80);
        }
        bytes.push(...chunk);
    }
    return tlv(0x06, Buffer.from(bytes));
}

/** A UTF8String. */
export function utf8String(text: string): Buffer {
    return tlv(0x0c, Buffer.from(text, 'utf8'));
}

/** A UTCTime (years 1950 to 2049). */
export function utcTime(date: Date): Buffer {
    const text = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
    return tlv(0x17, Buffer.from(`${text}Z`, 'ascii'));
}

/** A BOOLEAN. */
export function boolean(value: boolean): Buffer {
    return tlv(0x01, Buffer.from([value ? 0xff : 0]));
}

/** A BIT STRING with no unused bits. */
export function bitString(bytes: Uint8Array): Buffer {
    return tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));
}

/** An OCTET STRING. */
export function octetString(bytes: Uint8Array): Buffer {
    return tlv(0x04, bytes);
}

/** A context-specific constructed [n] EXPLICIT wrapper. */
export function explicit(tag: number, content: Uint8Array): Buffer {
    return tlv(0xa0 | tag, content);
}
