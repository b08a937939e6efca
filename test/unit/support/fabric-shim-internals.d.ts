// fabric-shim's contract runtime, which dispatches a transaction to a contract exactly as the
// chaincode process does on a peer; it ships without type declarations.
declare module 'fabric-shim/lib/contract-spi/chaincodefromcontract' {
    import type { ChaincodeResponse, ChaincodeStub } from 'fabric-shim-api';

    class ChaincodeFromContract {
        constructor(
            contracts: unknown[],
            serializers: { transaction: string; serializers: Record<string, unknown> },
            metadata: object,
            title: string,
            version: string,
        );
        Invoke(stub: ChaincodeStub): Promise<ChaincodeResponse>;
    }

    export = ChaincodeFromContract;
}
