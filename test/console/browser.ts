import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'puppeteer-core' with { 'resolution-mode': 'import' };
import { z } from 'zod';

import { toPalettePng } from './png-palette';

/** Debian's chromium, or the one `SPINDLE_CHROMIUM` names; puppeteer-core never downloads one. */
export const CHROMIUM = process.env.SPINDLE_CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless Chromium with a desktop-sized window. */
export async function openBrowser(): Promise<Browser> {
    // puppeteer-core is an ES module: imported, not required, from this CommonJS test.
    const { default: puppeteer } = await import('puppeteer-core');
    return puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--window-size=1200,760'],
        defaultViewport: { width: 1200, height: 760 },
    });
}

/** Enters an API key in the console's header and waits until the console acts as its identity. */
export async function useKey(page: Page, key: string, identity: string): Promise<void> {
    await page.type('#api-key', key);
    await page.click('#add-key');
    await page.waitForFunction(
        `document.querySelector('#key-select option:checked')?.textContent.startsWith(${JSON.stringify(identity)})`,
        { timeout: 20_000 },
    );
}

/** Goes to a console page by its hash route and waits for the page's heading. */
export async function openPage(page: Page, hash: string): Promise<void> {
    await page.evaluate(`location.hash = ${JSON.stringify(hash)}`);
    await page.waitForSelector('main .page h1');
}

/** The value of a page expression that yields strings, e.g. the IDs a table lists. */
export async function strings(page: Page, expression: string): Promise<string[]> {
    return z.array(z.string()).parse(await page.evaluate(expression));
}

/** The text of the first element a selector finds ('' when none). */
export async function textOf(page: Page, selector: string): Promise<string> {
    return z
        .string()
        .parse(await page.evaluate(`document.querySelector(${JSON.stringify(selector)})?.textContent ?? ''`));
}

/** Saves a screenshot as `<name>.png` (256 colours) into `SPINDLE_SCREENSHOTS` (for the README), when it is set. */
export async function screenshot(page: Page, name: string): Promise<void> {
    const folder = process.env.SPINDLE_SCREENSHOTS;
    if (folder === undefined || folder === '') {
        return;
    }
    mkdirSync(resolve(folder), { recursive: true });
    const png = Buffer.from(await page.screenshot({ type: 'png' }));
    writeFileSync(join(resolve(folder), `${name}.png`), toPalettePng(png));
}
