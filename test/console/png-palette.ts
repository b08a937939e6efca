import { crc32, deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Re-encodes an opaque 8-bit RGB or RGBA PNG (what Chromium's screenshots are) with a palette
 * of its 256 most frequent colours (each pixel mapped to the nearest): a page of text and flat
 * colours loses little, and the file shrinks to a fraction, small enough to commit.
 *
 * @throws Error PNG_UNSUPPORTED for another bit depth, colour type or an interlaced image.
 */
export function toPalettePng(png: Buffer): Buffer {
    const { width, height, channels, pixels } = decode(png);
    const bins = new Map<number, { count: number; r: number; g: number; b: number }>();
    for (let at = 0; at < pixels.length; at += channels) {
        const [r, g, b] = [pixels[at]!, pixels[at + 1]!, pixels[at + 2]!];
        const key = binOf(r, g, b);
        const bin = bins.get(key) ?? { count: 0, r: 0, g: 0, b: 0 };
        bin.count += 1;
        bin.r += r;
        bin.g += g;
        bin.b += b;
        bins.set(key, bin);
    }
    const palette = [...bins.values()]
        .sort((x, y) => y.count - x.count)
        .slice(0, 256)
        .map(
            (bin) =>
                [bin.r / bin.count, bin.g / bin.count, bin.b / bin.count].map(Math.round) as [number, number, number],
        );
    const nearest = new Map<number, number>();
    const indexOf = (r: number, g: number, b: number): number => {
        const key = binOf(r, g, b);
        let index = nearest.get(key);
        if (index === undefined) {
            let best = Infinity;
            index = 0;
            palette.forEach(([pr, pg, pb], candidate) => {
                const distance = (pr - r) ** 2 + (pg - g) ** 2 + (pb - b) ** 2;
                if (distance < best) {
                    best = distance;
                    index = candidate;
                }
            });
            nearest.set(key, index);
        }
        return index;
    };
    const rows = Buffer.alloc((width + 1) * height);
    for (let y = 0; y < height; y += 1) {
        // Filter type 0 on every row: what suits palette images.
        for (let x = 0; x < width; x += 1) {
            const at = (y * width + x) * channels;
            rows[y * (width + 1) + 1 + x] = indexOf(pixels[at]!, pixels[at + 1]!, pixels[at + 2]!);
        }
    }
    const header = Buffer.alloc(13);
    header.writeUInt32BE(width, 0);
    header.writeUInt32BE(height, 4);
    header.set([8, 3, 0, 0, 0], 8);
    return Buffer.concat([
        SIGNATURE,
        chunk('IHDR', header),
        chunk('PLTE', Buffer.from(palette.flat())),
        chunk('IDAT', deflateSync(rows, { level: 9 })),
        chunk('IEND', Buffer.alloc(0)),
    ]);
}

function binOf(r: number, g: number, b: number): number {
    return ((r >> 2) << 12) | ((g >> 2) << 6) | (b >> 2);
}

function chunk(type: string, data: Buffer): Buffer {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
}

function decode(png: Buffer): { width: number; height: number; channels: number; pixels: Buffer } {
    if (!png.subarray(0, 8).equals(SIGNATURE)) {
        throw new Error('PNG_UNSUPPORTED: not a PNG');
    }
    let width = 0;
    let height = 0;
    let channels = 0;
    const data: Buffer[] = [];
    for (let at = 8; at < png.length;) {
        const length = png.readUInt32BE(at);
        const type = png.toString('latin1', at + 4, at + 8);
        const body = png.subarray(at + 8, at + 8 + length);
        if (type === 'IHDR') {
            width = body.readUInt32BE(0);
            height = body.readUInt32BE(4);
            const [depth, colour, , , interlace] = body.subarray(8, 13);
            if (depth !== 8 || (colour !== 2 && colour !== 6) || interlace !== 0) {
                throw new Error(`PNG_UNSUPPORTED: depth ${depth}, colour type ${colour}, interlace ${interlace}`);
            }
            channels = colour === 6 ? 4 : 3;
        } else if (type === 'IDAT') {
            data.push(body);
        }
        at += 12 + length;
    }
    const raw = inflateSync(Buffer.concat(data));
    const stride = width * channels;
    const pixels = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y += 1) {
        const filter = raw[y * (stride + 1)];
        const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        for (let x = 0; x < stride; x += 1) {
            const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
            const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
            const upLeft = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels]! : 0;
            const predicted =
                filter === 1
                    ? left
                    : filter === 2
                      ? up
                      : filter === 3
                        ? (left + up) >> 1
                        : filter === 4
                          ? paeth(left, up, upLeft)
                          : 0;
            pixels[y * stride + x] = (line[x]! + predicted) & 0xff;
        }
    }
    return { width, height, channels, pixels };
}

function paeth(a: number, b: number, c: number): number {
    const p = a + b - c;
    const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
    return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
