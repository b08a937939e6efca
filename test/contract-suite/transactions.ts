import {
    COMMUNICATION_TRANSACTIONS,
    CONTRACT_NAMES,
    HOUSEKEEPING_TRANSACTIONS,
    MACHINE_REGISTRY_TRANSACTIONS,
    MATERIAL_LEDGER_TRANSACTIONS,
    QUERY_FLOW_TRANSACTIONS,
    qualifiedName,
} from '@spindle/chaincode/protocol';

function qualify<T extends Record<string, string>>(contract: string, names: T): { readonly [K in keyof T]: string } {
    return Object.fromEntries(Object.entries(names).map(([key, name]) => [key, qualifiedName(contract, name)])) as {
        readonly [K in keyof T]: string;
    };
}

/** Fully qualified transaction names, `<contract>:<transaction>`, from the protocol's constants. */
export const TX = {
    registry: qualify(CONTRACT_NAMES.machineRegistry, MACHINE_REGISTRY_TRANSACTIONS),
    material: qualify(CONTRACT_NAMES.materialLedger, MATERIAL_LEDGER_TRANSACTIONS),
    communication: qualify(CONTRACT_NAMES.communication, COMMUNICATION_TRANSACTIONS),
    queryFlow: qualify(CONTRACT_NAMES.queryFlow, QUERY_FLOW_TRANSACTIONS),
    housekeeping: qualify(CONTRACT_NAMES.housekeeping, HOUSEKEEPING_TRANSACTIONS),
} as const;
