import { createHash } from 'node:crypto';
import { common } from '@hyperledger/fabric-protos';

import { type NetworkContext, fetchOrdererBlock } from '@spindle/network';

/** One orderer's newest block: its number and its header hash, which chains every block before it. */
export interface ChainTip {
    mill: string;
    number: bigint;
    hash: string;
}

/**
 * A block header's hash as Fabric computes it: SHA-256 over the ASN.1 DER sequence of number,
 * previous hash and data hash. Equal tips on two orderers mean equal chains, since every
 * header carries the hash of the one before.
 */
export function blockHeaderHash(header: common.BlockHeader): string {
    const body = Buffer.concat([
        derInteger(BigInt(header.getNumber())),
        derElement(0x04, Buffer.from(header.getPreviousHash_asU8())),
        derElement(0x04, Buffer.from(header.getDataHash_asU8())),
    ]);
    return createHash('sha256').update(derElement(0x30, body)).digest('hex');
}

/** Every orderer's block `number`, read straight from that orderer. */
export async function ordererTips(ctx: NetworkContext, number: number): Promise<ChainTip[]> {
    return Promise.all(
        ctx.config.mills.map(async (mill) => {
            const header = headerOf(await fetchOrdererBlock(ctx, mill, number));
            return { mill: mill.name, number: BigInt(header.getNumber()), hash: blockHeaderHash(header) };
        }),
    );
}

/** True when block `number` of the first orderer names block `number - 1`'s hash as its previous: the hash above is Fabric's. */
export async function linksToPrevious(ctx: NetworkContext, number: number): Promise<boolean> {
    const [mill] = ctx.config.mills;
    if (!mill || number < 1) {
        return false;
    }
    const previous = headerOf(await fetchOrdererBlock(ctx, mill, number - 1));
    const current = headerOf(await fetchOrdererBlock(ctx, mill, number));
    return Buffer.from(current.getPreviousHash_asU8()).toString('hex') === blockHeaderHash(previous);
}

function headerOf(bytes: Uint8Array): common.BlockHeader {
    const header = common.Block.deserializeBinary(bytes).getHeader();
    if (!header) {
        throw new Error('an orderer delivered a block without a header');
    }
    return header;
}

function derInteger(value: bigint): Buffer {
    let hex = value.toString(16);
    hex = hex.length % 2 === 0 ? hex : `0${hex}`;
    let bytes = Buffer.from(hex, 'hex');
    // A set top bit would read as negative: DER prefixes a zero byte.
    if ((bytes[0] ?? 0) & 0x80) {
        bytes = Buffer.concat([Buffer.from([0]), bytes]);
    }
    return derElement(0x02, bytes);
}

function derElement(tag: number, content: Buffer): Buffer {
    const length = content.length;
    if (length < 0x80) {
        return Buffer.concat([Buffer.from([tag, length]), content]);
    }
    const lengthBytes = Buffer.from(length.toString(16).padStart(length > 0xff ? 4 : 2, '0'), 'hex');
    return Buffer.concat([Buffer.from([tag, 0x80 | lengthBytes.length]), lengthBytes, content]);
}
