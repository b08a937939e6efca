/**
 * The channel's configuration: the genesis block, configtxlator codecs and the orderer's blocks.
 */
export { createGenesisBlock, genesisBlockFile, millOrganisation } from './configtx';
export { computeUpdate, decodeProto, encodeProto } from './configtxlator';
export { fetchOrdererBlock } from './orderer-blocks';
