import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'puppeteer-core' with { 'resolution-mode': 'import' };
import { z } from 'zod';

import { testNetwork } from '../support/local-network';
import { enrollNewMachine } from '../support/new-machine';
import { LAP_FORMER_B1 } from '../support/line-machines';
import { type ReadyMachine, readyMachine } from '../support/machines';
import { type RunningApi, startApiService } from './api-service';
import { openBrowser, openPage, screenshot, strings, textOf, useKey } from './browser';
import { type RunningDevice, startLapFormerDevice } from './lap-former-device';

/** Calls the API as one identity, waiting for a transaction's outcome. */
async function post(api: RunningApi, identity: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${api.base}${path}`, {
        method: 'POST',
        headers: {
            'x-api-key': api.keys[identity] ?? '',
            prefer: 'wait=60',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    expect(response.status, `${path}: ${JSON.stringify(answer)}`).to.be.oneOf([200, 201]);
    return answer;
}

/**
 * The web console in Debian's Chromium (headless, driven by puppeteer-core), served by the API
 * service as `npm run api` starts it, against the real network: an admin approves a machine, an
 * operator traces a lot down to its bales, a machine asks the 9-step query for a lap former's
 * readings, and the chains show their verification.
 */
describe('web console in a real browser on the real network', function () {
    this.timeout(180_000);

    const run = Date.now().toString(36);
    const newMachineId = `console-carding-a${String(Date.now() % 1_000_000_000)}`;
    const yarn = `yarn-${run}`;
    const bales = [`bale-${run}-1`, `bale-${run}-2`, `bale-${run}-3`];
    const folder = mkdtempSync(join(tmpdir(), 'spindle-console-'));
    let api: RunningApi;
    let browser: Browser;
    let page: Page;
    let lapFormer: ReadyMachine;
    let device: RunningDevice;
    /** What before() started, stopped in reverse order, whatever it got to. */
    const started: (() => Promise<void> | void)[] = [];

    before(async function () {
        const { ctx } = testNetwork();
        const runDir = ctx.paths.runDir;
        await enrollNewMachine(ctx, 'MillA', newMachineId);
        lapFormer = await readyMachine('lap-former-b1', LAP_FORMER_B1);
        started.push(() => {
            lapFormer.machine.close();
        });
        // MillA's spinning line that the yarn is made on.
        for (const [machineId, machineType, processStep] of [
            ['blow-room-a1', 'blow-room', 'opening'],
            ['carding-a2', 'carding', 'carding'],
            ['comber-a1', 'comber', 'combing'],
        ] as const) {
            const { machine } = await readyMachine(machineId, {
                machineId,
                ownerMspId: 'MillAMSP',
                machineType,
                processStep,
                line: 'line-a1',
                vendor: 'Rieter',
                serialNumber: `sn-${machineId}`,
            });
            machine.close();
        }
        api = await startApiService(runDir, folder, [
            'milla-operator',
            'milla-admin',
            newMachineId,
            'lap-former-b1',
            'millb-admin',
        ]);
        started.push(() => api.stop());
        const ready = z.object({ channelHeight: z.string() }).parse(await (await fetch(`${api.base}/readyz`)).json());
        device = await startLapFormerDevice(lapFormer, folder, ready.channelHeight);
        started.push(() => device.stop());

        // The new machine registers itself (PENDING); a yarn lot is spun from three bales.
        await post(api, newMachineId, '/api/v1/machines', {
            machineType: 'carding',
            line: 'line-a9',
            vendor: 'Rieter',
        });
        for (const lotId of bales) {
            await post(api, 'milla-operator', '/api/v1/lots', {
                lotId,
                quantityGrams: 200_000,
                origin: 'Punjab',
                grade: 'S-6',
            });
        }
        const transform = (
            id: string,
            machineId: string,
            processStep: string,
            inputs: string[],
            output: string,
            form: string,
        ) =>
            post(api, 'milla-operator', '/api/v1/transforms', {
                transformId: `${id}-${run}`,
                machineId,
                processStep,
                inputs: inputs.map((lotId) => ({ lotId, quantityGrams: 200_000 })),
                outputs: [{ lotId: output, form, quantityGrams: 200_000 * inputs.length }],
                tolerancePermille: 30,
                quality: { nepsPerGram: 12 },
            });
        await transform('open-1', 'blow-room-a1', 'opening', [bales[0]!, bales[1]!], `lap-${run}-1`, 'lap');
        await transform('open-2', 'blow-room-a1', 'opening', [bales[2]!], `lap-${run}-2`, 'lap');
        await post(api, 'milla-operator', '/api/v1/transforms', {
            transformId: `card-${run}`,
            machineId: 'carding-a2',
            processStep: 'carding',
            inputs: [
                { lotId: `lap-${run}-1`, quantityGrams: 400_000 },
                { lotId: `lap-${run}-2`, quantityGrams: 200_000 },
            ],
            outputs: [{ lotId: `sliver-${run}`, form: 'sliver', quantityGrams: 600_000 }],
            tolerancePermille: 30,
            quality: { cvPercent: 2.4 },
        });
        await post(api, 'milla-operator', '/api/v1/transforms', {
            transformId: `comb-${run}`,
            machineId: 'comber-a1',
            processStep: 'combing',
            inputs: [{ lotId: `sliver-${run}`, quantityGrams: 600_000 }],
            outputs: [{ lotId: yarn, form: 'combed-yarn', quantityGrams: 600_000 }],
            tolerancePermille: 30,
            quality: { noilPercent: 16.5 },
        });

        browser = await openBrowser();
        started.push(() => browser.close());
        page = await browser.newPage();
        await page.goto(api.base, { waitUntil: 'load' });
    });

    after(async function () {
        for (const stop of started.reverse()) {
            await stop();
        }
        rmSync(folder, { recursive: true, force: true });
    });

    it("approves a PENDING machine from the machines page as its mill's admin, and offers an operator no actions", async function () {
        await useKey(page, api.keys['milla-operator']!, 'milla-operator');
        await openPage(page, '#/machines');
        const row = `tr[data-machine="${newMachineId}"]`;
        await page.waitForSelector(`${row}[data-status="PENDING"]`);
        expect(
            await strings(page, `[...document.querySelectorAll('button.action')].map((b) => b.textContent)`),
        ).to.deep.equal([]);

        await useKey(page, api.keys['milla-admin']!, 'milla-admin');
        await page.waitForSelector(`${row} button[data-action="approve"]`);
        // Only MillA's machines carry actions for MillA's admin.
        expect(
            await strings(
                page,
                `[...document.querySelectorAll('section[data-mill="MillBMSP"] button.action')].map((b) => b.textContent)`,
            ),
        ).to.deep.equal([]);
        await screenshot(page, 'machines');
        await page.click(`${row} button[data-action="approve"]`);
        await page.waitForSelector(`${row}[data-status="ACTIVE"]`, { timeout: 90_000 });
        expect(await textOf(page, '.messages .notice-info')).to.equal(`${newMachineId} approved: now ACTIVE`);
        expect(await textOf(page, `${row} td.status`)).to.equal('ACTIVE');
    });

    it('traces a combed yarn upstream to its three bales as a graph and a list, and shows the transform that made a lot', async function () {
        await openPage(page, '#/genealogy');
        await page.type('#lot-id', yarn);
        await page.click('#trace');
        await page.waitForSelector('#genealogy-lots tr[data-form="bale"]');
        expect(
            await strings(
                page,
                `[...document.querySelectorAll('#genealogy-lots tr[data-lot]')].map((r) => r.dataset.lot + ':' + r.dataset.form)`,
            ),
        ).to.have.members([
            `${yarn}:combed-yarn`,
            `sliver-${run}:sliver`,
            `lap-${run}-1:lap`,
            `lap-${run}-2:lap`,
            ...bales.map((bale) => `${bale}:bale`),
        ]);
        expect(await textOf(page, '.messages .notice-info'))
            .to.contain('7 lots, 6 edges upstream')
            .and.contain('3 bales');
        // The graph is cytoscape's canvas in its box.
        expect(await page.$('#genealogy-graph canvas')).to.not.equal(null);
        await page.waitForFunction(
            `document.querySelector('#lot-details')?.textContent.includes('Made by comb-${run}')`,
        );
        expect(await textOf(page, '#lot-details'))
            .to.contain('comber-a1')
            .and.contain(`sliver-${run} (600000 g)`);
        await screenshot(page, 'genealogy');
    });

    it('asks the lap former for its readings as the new machine, each of the 9 steps shown before the answer', async function () {
        while (device.recorded() < 12) {
            await new Promise((resolve) => setTimeout(resolve, 250));
        }
        await useKey(page, api.keys[newMachineId]!, newMachineId);
        await openPage(page, '#/query?to=lap-former-b1');
        // When each step and the answer first show, by the page's clock.
        await page.evaluate(`
            window.seen = {};
            new MutationObserver(() => {
                for (const item of document.querySelectorAll('#query-steps li[data-outcome]')) {
                    window.seen[item.dataset.step] ??= performance.now();
                }
                if (document.querySelector('#query-outcome .answer-body')) window.seen.answer ??= performance.now();
            }).observe(document.body, { subtree: true, childList: true });
        `);
        // The last minute in 2 s buckets: a raw answer of minutes of 4 Hz readings is cut to its byte cap.
        await page.select('#query-mode', 'aggregate');
        await page.$eval('#query-every', (input) => {
            (input as unknown as { value: string }).value = '2';
        });
        await page.$eval('#query-minutes', (input) => {
            (input as unknown as { value: string }).value = '1';
        });
        await page.click('#ask');
        await page.waitForSelector('#query-outcome .answer-body, #query-outcome .notice-error', { timeout: 90_000 });
        expect(await textOf(page, '#query-outcome .notice-error')).to.equal('');
        const steps = await strings(
            page,
            `[...document.querySelectorAll('#query-steps li[data-outcome]')].map((s) => s.dataset.step + ':' + s.dataset.outcome)`,
        );
        // Each step reported, none failed, each last reported ok. A reply whose proofs rest on a seal
        // the requester's peer has not committed yet is rejected at 9 and answered again from 6.
        const lastOutcome = new Map(steps.map((entry) => entry.split(':') as [string, string]));
        expect([...lastOutcome.keys()].sort()).to.deep.equal(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
        expect([...lastOutcome.values()]).to.deep.equal(Array<string>(9).fill('ok'));
        expect(steps.filter((entry) => entry.endsWith(':failed'))).to.deep.equal([]);
        for (const retried of await strings(
            page,
            `[...document.querySelectorAll('#query-steps li[data-outcome="retry"]')].map((s) => s.textContent)`,
        )) {
            console.log(`      (retried: ${retried})`);
        }
        const seen = z.record(z.string(), z.number()).parse(await page.evaluate('window.seen'));
        expect(seen['1'], 'step 1 shown before the answer').to.be.below(seen.answer! - 100);
        expect(
            await strings(page, `[...document.querySelectorAll('.readings figure')].map((f) => f.dataset.variable)`),
        ).to.deep.equal(['lapWeight', 'cv']);
        const counted = await strings(
            page,
            `[...document.querySelectorAll('.reading-buckets tr[data-variable]')].map((r) => r.dataset.variable + ':' + r.dataset.count)`,
        );
        for (const variable of ['lapWeight', 'cv']) {
            const readings = counted
                .filter((entry) => entry.startsWith(`${variable}:`))
                .reduce((sum, entry) => sum + Number(entry.split(':')[1]), 0);
            expect(readings, `${variable} readings in the buckets`).to.be.at.least(5);
        }
        expect(await textOf(page, '#query-outcome .verification')).to.match(/^Evidence: verified/);
        await screenshot(page, 'query');
    });

    it("shows each chain's verification: the lap former's own as a machine, every MillB chain as MillB's admin", async function () {
        await useKey(page, api.keys['lap-former-b1']!, 'lap-former-b1');
        await openPage(page, '#/chains');
        await page.waitForSelector('tr[data-machine="lap-former-b1"][data-verified]', { timeout: 60_000 });
        expect(
            await strings(
                page,
                `[...document.querySelectorAll('#chains tr[data-machine]')].map((r) => r.dataset.machine + ':' + r.dataset.verified)`,
            ),
        ).to.deep.equal(['lap-former-b1:ok']);
        expect(Number(await textOf(page, 'tr[data-machine="lap-former-b1"] td.blocks'))).to.be.at.least(1);

        await useKey(page, api.keys['millb-admin']!, 'millb-admin');
        await page.waitForSelector('tr[data-machine="lap-former-b1"]');
        await page.waitForFunction(
            `[...document.querySelectorAll('#chains tr[data-machine]')].every((r) => r.dataset.verified)`,
            { timeout: 60_000 },
        );
        const verified = await strings(
            page,
            `[...document.querySelectorAll('#chains tr[data-machine]')].map((r) => r.dataset.verified)`,
        );
        expect(verified.length).to.be.at.least(1);
        expect(new Set(verified)).to.deep.equal(new Set(['ok']));
        await screenshot(page, 'chains');
    });

    it('tells an operator that a query is asked as a machine, with the code', async function () {
        await page.select('#key-select', 'console-milla-operator');
        await openPage(page, '#/query');
        expect(await textOf(page, '.query-page .notice-error')).to.match(/^NOT_AUTHORIZED: /);
        expect(await page.$eval('#ask', (button) => (button as unknown as { disabled: boolean }).disabled)).to.equal(
            true,
        );
    });
});
