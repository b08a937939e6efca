import { JSONSerializer } from 'fabric-contract-api';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import type { StubTransaction } from './stub-transaction';

/** A chaincode's answer to one invocation. */
export interface InvocationResult {
    status: number;
    message: string;
    payload: Uint8Array;
}

/**
 * Runs contract classes as fabric-chaincode-node does: fabric-shim's own contract runtime parses
 * `Contract:transaction`, builds the context and ClientIdentity from the creator's certificate,
 * marshals arguments by the contracts' metadata and turns a thrown error into status 500 with
 * the error's message.
 */
export class ContractRuntime {
    private readonly chaincode: ChaincodeFromContract;

    constructor(contracts: readonly unknown[]) {
        this.chaincode = new ChaincodeFromContract(
            [...contracts],
            { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } },
            {},
            'spindle',
            'stub',
        );
    }

    /** Invokes the transaction the stub's proposal names. */
    async invoke(transaction: StubTransaction): Promise<InvocationResult> {
        const response = await this.chaincode.Invoke(transaction);
        return {
            status: response.status,
            message: response.message ?? '',
            payload: response.payload ?? new Uint8Array(),
        };
    }
}
