// fabric-shim and fabric-contract-api log every refused transaction; unit tests refuse hundreds
// on purpose. Their loggers read the level once, when first loaded, so this module loads first.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';
