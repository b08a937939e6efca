/** Polls `check` until it is true; fails naming `what` after `timeoutMs`, never on a fixed sleep. */
export async function waitUntil(
    what: string,
    check: () => Promise<boolean> | boolean,
    timeoutMs = 120_000,
): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (await Promise.resolve(check()).catch(() => false)) {
            return;
        }
        if (Date.now() > deadline) {
            throw new Error(`${what} did not happen within ${String(timeoutMs / 1000)}s`);
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
}
