import { SpindleError } from '../errors/spindle-error';

/** Bytes of the big-endian length prefix in front of the plaintext. */
const LENGTH_PREFIX_BYTES = 4;
/** The smallest bucket: short messages all look alike. */
export const MIN_PADDED_BYTES = 256;

/**
 * The bucket a plaintext of `plaintextLength` bytes is padded to: the next power of two that
 * holds it and its length prefix, at least {@link MIN_PADDED_BYTES}, and at most
 * `maxPaddedBytes` (the largest bucket is `maxPaddedBytes` itself). So a ciphertext's public
 * size tells only its bucket, never the plaintext's length.
 *
 * @throws SpindleError PAYLOAD_TOO_LARGE when the plaintext and its prefix exceed `maxPaddedBytes`.
 */
export function paddedLength(plaintextLength: number, maxPaddedBytes: number): number {
    const needed = LENGTH_PREFIX_BYTES + plaintextLength;
    if (needed > maxPaddedBytes) {
        throw new SpindleError(
            'PAYLOAD_TOO_LARGE',
            `a payload of ${plaintextLength} bytes does not fit the largest bucket of ${maxPaddedBytes - LENGTH_PREFIX_BYTES}`,
        );
    }
    let bucket = MIN_PADDED_BYTES;
    while (bucket < needed) {
        bucket *= 2;
    }
    return Math.min(bucket, maxPaddedBytes);
}

/**
 * `length (4, big-endian) | plaintext | zero bytes`, {@link paddedLength} bytes long.
 *
 * @throws SpindleError PAYLOAD_TOO_LARGE, see {@link paddedLength}.
 */
export function padPlaintext(plaintext: Uint8Array, maxPaddedBytes: number): Buffer {
    const padded = Buffer.alloc(paddedLength(plaintext.length, maxPaddedBytes));
    padded.writeUInt32BE(plaintext.length, 0);
    padded.set(plaintext, LENGTH_PREFIX_BYTES);
    return padded;
}

/**
 * The plaintext inside {@link padPlaintext}'s bytes. The length must fit and every padding
 * byte must be zero, so one padded form has exactly one reading.
 *
 * @throws SpindleError DECRYPTION_FAILED when the bytes are not a padded plaintext.
 */
export function unpadPlaintext(padded: Uint8Array): Buffer {
    const bytes = Buffer.from(padded.buffer, padded.byteOffset, padded.byteLength);
    if (bytes.length < LENGTH_PREFIX_BYTES) {
        throw new SpindleError('DECRYPTION_FAILED', 'the padded payload has no length prefix');
    }
    const length = bytes.readUInt32BE(0);
    const end = LENGTH_PREFIX_BYTES + length;
    if (end > bytes.length || bytes.subarray(end).some((byte) => byte !== 0)) {
        throw new SpindleError('DECRYPTION_FAILED', 'the padded payload is malformed');
    }
    return Buffer.from(bytes.subarray(LENGTH_PREFIX_BYTES, end));
}
