import { type ProfileRow, topCumRows } from './profile-stages';

/**
 * The Fabric frame whose cost grows with the chaincode definition's collections (issue 12):
 * each call decodes the whole definition, collection configuration included.
 */
export const DEFINITION_FRAME = 'lifecycle.(*Resources).ChaincodeDefinitionIfDefined';

/** What a peer profile says in short: the definition frame's share and the top frames. */
export interface ProfileSummary {
    /** Cumulative share of the samples under {@link DEFINITION_FRAME}, in percent; 0 when never sampled. */
    definitionPercent: number;
    /** The first frames by cumulative share. */
    top: ProfileRow[];
}

/** The summary of `go tool pprof -top -cum` text: the definition frame's share and the `topCount` first rows. */
export function summariseProfile(topCumText: string, topCount = 5): ProfileSummary {
    const rows = topCumRows(topCumText);
    const definition = rows.filter((row) => row.name.endsWith(DEFINITION_FRAME));
    return {
        definitionPercent: Math.max(0, ...definition.map((row) => row.percent)),
        top: rows.slice(0, topCount),
    };
}
