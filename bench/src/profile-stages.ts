/** A stage of a Fabric peer's work and the functions whose cumulative time stands for it. */
interface Stage {
    name: string;
    functions: RegExp;
}

/**
 * The stages a peer's CPU goes to, named by the Fabric and Go functions under which they run.
 * Stages overlap (signature checks run inside validation and endorsement), so shares do not add up.
 */
export const PEER_STAGES: readonly Stage[] = [
    { name: 'ECDSA signature checks (crypto/ecdsa.VerifyASN1)', functions: /^crypto\/ecdsa\.VerifyASN1$/ },
    { name: 'ECDSA signing (crypto/ecdsa.SignASN1)', functions: /^crypto\/ecdsa\.SignASN1$/ },
    {
        name: 'block validation: signatures and policies (TxValidator.Validate)',
        functions: /txvalidator\/v20\.\(\*TxValidator\)\.Validate(\.func1\.1)?$/,
    },
    {
        name: 'endorsement: simulating proposals (Endorser.ProcessProposal)',
        functions: /endorser\.\(\*Endorser\)\.ProcessProposal$/,
    },
    { name: 'ledger commit (kvLedger.commit)', functions: /kvledger\.\(\*kvLedger\)\.commit$/ },
    {
        name: 'private data at commit (privdata coordinator.StoreBlock)',
        functions: /privdata\.\(\*coordinator\)\.StoreBlock$/,
    },
    { name: 'TLS records (crypto/tls Conn.Read + Conn.Write)', functions: /^crypto\/tls\.\(\*Conn\)\.(Read|Write)$/ },
    { name: 'protobuf decoding (proto.Unmarshal)', functions: /^github\.com\/golang\/protobuf\/proto\.Unmarshal$/ },
];

/** A `go tool pprof -top -cum` row: flat, flat%, sum%, cum, cum%, function. */
const ROW = /^\s*\S+\s+[\d.]+%\s+[\d.]+%\s+\S+\s+([\d.]+)%\s+(.+?)\s*$/;

/** A function of a profile and its cumulative share of the samples, in percent. */
export interface ProfileRow {
    name: string;
    percent: number;
}

/** The rows of `go tool pprof -top -cum` text, in its order (highest cumulative share first). */
export function topCumRows(topCumText: string): ProfileRow[] {
    return topCumText.split('\n').flatMap((line) => {
        const match = ROW.exec(line);
        return match?.[1] !== undefined && match[2] !== undefined
            ? [{ percent: Number(match[1]), name: match[2] }]
            : [];
    });
}

/**
 * The share of the profile's samples under each stage, from `go tool pprof -top -cum` text: a
 * stage's share is the sum of its functions' cumulative percentages (one function for most; TLS
 * adds reads and writes). Stages no row matched are left out.
 */
export function stageShares(topCumText: string): { stage: string; percent: number }[] {
    const rows = topCumRows(topCumText);
    return PEER_STAGES.flatMap((stage) => {
        const matched = rows.filter((row) => stage.functions.test(row.name));
        if (matched.length === 0) {
            return [];
        }
        // A function can appear under several inlined names; count each name once.
        const byName = new Map(matched.map((row) => [row.name, row.percent]));
        const percent = Math.round([...byName.values()].reduce((sum, value) => sum + value, 0) * 10) / 10;
        return [{ stage: stage.name, percent }];
    });
}
