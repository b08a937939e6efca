/**
 * The node ID under which a simulator serves a machine's variable: `ns=1;s=<machineId>.<variable>`
 * (namespace 1 is the simulator's own), e.g. `ns=1;s=lap-former-b1.lapWeight`. Stable across
 * restarts and seeds, so a configuration written once keeps working.
 */
export function simulatorNodeId(machineId: string, variable: string): string {
    return `ns=1;s=${machineId}.${variable}`;
}
