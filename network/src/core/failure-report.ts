/**
 * How every Spindle command tells a failure: one line that starts with its code and says what
 * happened (and, for a failure nobody foresaw, what to do next); the stack only when debugging.
 * A mill's engineer reads the line; a developer asks for `--debug` (or `SPINDLE_DEBUG=1`).
 */

const CODED_MESSAGE = /^[A-Z][A-Z0-9_]*: /;

/** Whether the user asked for stacks: the `--debug` flag, or `SPINDLE_DEBUG` set to 1 or true. */
export function debugRequested(argv: readonly string[] = process.argv, env = process.env): boolean {
    return argv.includes('--debug') || /^(1|true)$/i.test(env.SPINDLE_DEBUG ?? '');
}

/** The code a failure carries, or `UNEXPECTED` when it carries none. */
export function failureCode(error: unknown): string {
    if (error instanceof Error && CODED_MESSAGE.test(error.message)) {
        return error.message.slice(0, error.message.indexOf(':'));
    }
    return 'UNEXPECTED';
}

/**
 * The lines to print for a failure. The first is always `CODE: message` on one line; with
 * `debug`, the stacks of the error and of its causes follow.
 */
export function failureLines(error: unknown, debug: boolean): string[] {
    const message = oneLine(error instanceof Error ? error.message : String(error));
    const line = CODED_MESSAGE.test(message)
        ? message
        : `UNEXPECTED: ${message || 'an error without a message'} (run again with --debug for the stack, and report it)`;
    return debug ? [line, ...stacksOf(error)] : [line];
}

function oneLine(text: string): string {
    return text.replace(/\s*\n\s*/g, ' ').trim();
}

function stacksOf(error: unknown): string[] {
    const stacks: string[] = [];
    for (let current = error, depth = 0; current !== undefined && depth < 5; depth += 1) {
        stacks.push(depth === 0 ? stackOf(current) : `caused by: ${stackOf(current)}`);
        current = current instanceof Error ? current.cause : undefined;
    }
    return stacks;
}

function stackOf(error: unknown): string {
    return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
