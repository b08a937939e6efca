import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Seconds since a process started (from its start time in `/proc/<pid>/stat` and the system's
 * uptime), or undefined when it is not running: how long ago the network was brought up.
 */
export function processAgeSeconds(pid: number): number | undefined {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const startedAfterBootSeconds = Number(fields[19]) / CLOCK_TICKS_PER_SECOND;
        const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
        return Math.round(uptimeSeconds - startedAfterBootSeconds);
    } catch {
        return undefined;
    }
}
