/** One signer a signature policy names: an MSP and the role its certificate must carry. */
export interface PolicyPrincipal {
    mspId: string;
    /** `peer`, `member`, `admin`, `client` or `orderer`; anything else is shown as Fabric names it. */
    role: string;
}

/**
 * A Fabric signature policy as a tree: a principal signs, or `n` of the `rules` hold. The same
 * tree renders the text that `peer lifecycle chaincode` commits and the text `status` prints
 * for a committed definition, so the two compare as strings.
 */
export type SignaturePolicyTree = { signedBy: PolicyPrincipal } | { outOf: number; rules: SignaturePolicyTree[] };

/**
 * Spindle's chaincode endorsement policy: a majority of the mills' PEERS, floor(n/2)+1 of n.
 * Never the channel's default (the Fabric samples' networks default to any one organisation),
 * and never the MEMBER role, which any client certificate of a mill satisfies.
 */
export function majorityOfPeers(mspIds: readonly string[]): SignaturePolicyTree {
    return {
        outOf: Math.floor(mspIds.length / 2) + 1,
        rules: mspIds.map((mspId) => ({ signedBy: { mspId, role: 'peer' } })),
    };
}

/**
 * Renders a policy in Fabric's signature policy syntax: `AND` when every rule must hold, `OR`
 * when one suffices, `OutOf(n, ...)` otherwise, e.g. `OutOf(2, 'MillAMSP.peer', 'MillBMSP.peer',
 * 'MillCMSP.peer')`. `compact` leaves out the spaces, for scripts that split arguments on them
 * (the Fabric samples' `network.sh -ccep`).
 */
export function toPolicyText(tree: SignaturePolicyTree, options: { compact?: boolean } = {}): string {
    const separator = options.compact ? ',' : ', ';
    const render = (node: SignaturePolicyTree): string => {
        if ('signedBy' in node) {
            return `'${node.signedBy.mspId}.${node.signedBy.role}'`;
        }
        const rules = node.rules.map(render).join(separator);
        if (node.rules.length > 1 && node.outOf === node.rules.length) {
            return `AND(${rules})`;
        }
        if (node.rules.length > 1 && node.outOf === 1) {
            return `OR(${rules})`;
        }
        return `OutOf(${node.outOf}${separator}${rules})`;
    };
    return render(tree);
}
