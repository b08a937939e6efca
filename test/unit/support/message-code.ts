/** The code before the first colon of the error message `run` throws (`CODE: ...`); undefined when it does not throw. */
export function messageCodeOf(run: () => unknown): string | undefined {
    try {
        run();
        return undefined;
    } catch (error) {
        return error instanceof Error ? error.message.split(':')[0] : undefined;
    }
}
