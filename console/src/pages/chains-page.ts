import { describeError } from '../api-client';
import type { ChainHead, ChainVerification, MachineRecord, Page as ApiPage } from '../api-types';
import { badge, h, notice, replaceChildren } from '../dom';
import type { PageContext } from '../page-context';

/**
 * Each machine's communication chain: its head (length, hash, sealed readings) and its
 * verification block by block against the public anchors every mill holds. A machine's key sees
 * its own chain, an admin's key its mill's machines' chains.
 */
export function chainsPage(context: PageContext): HTMLElement {
    const body = h('tbody', {});
    const message = h('div', { class: 'messages' });
    const only = context.params.get('machine');

    async function machineIds(): Promise<string[]> {
        if (context.me.role === 'machine') {
            return context.me.machineId === undefined ? [] : [context.me.machineId];
        }
        const page = await context.api.get<ApiPage<MachineRecord>>(`/api/v1/machines?mill=${context.me.mspId}`);
        return page.items.map((machine) => machine.machineId).sort();
    }

    async function load(): Promise<void> {
        if (context.me.role !== 'machine' && context.me.role !== 'admin') {
            replaceChildren(
                message,
                notice(
                    'error',
                    `NOT_AUTHORIZED: chains are read by their machine or its mill's admin; ${context.me.identity} is ${context.me.role ?? 'no role'}.`,
                ),
            );
            return;
        }
        try {
            const ids = (await machineIds()).filter((id) => only === null || id === only);
            if (ids.length === 0) {
                replaceChildren(
                    message,
                    notice('info', only === null ? 'No machines.' : `${only} is not a chain this key reads.`),
                );
            }
            const rows = ids.map((id) => {
                const row = h(
                    'tr',
                    { 'data-machine': id },
                    h('td', {}, h('code', {}, id)),
                    h('td', { colspan: 5 }, 'verifying…'),
                );
                return { id, row };
            });
            replaceChildren(body, ...rows.map(({ row }) => row));
            // A few at a time: each verification reads the machine's blocks through its mill's peer.
            for (let index = 0; index < rows.length; index += 4) {
                await Promise.all(rows.slice(index, index + 4).map(({ id, row }) => verify(id, row)));
            }
        } catch (error) {
            replaceChildren(message, notice('error', describeError(error)));
        }
    }

    async function verify(machineId: string, row: HTMLTableRowElement): Promise<void> {
        try {
            const [head, verification] = await Promise.all([
                context.api.get<ChainHead>(`/api/v1/machines/${machineId}/chain/head`).catch(() => undefined),
                context.api.get<ChainVerification>(`/api/v1/machines/${machineId}/chain/verification`),
            ]);
            row.dataset.verified = verification.ok ? 'ok' : 'broken';
            replaceChildren(
                row,
                h('td', {}, h('code', {}, machineId)),
                h('td', { class: 'blocks' }, head === undefined ? '0' : String(head.seq)),
                h('td', {}, head?.sealedThrough === undefined ? '–' : `#${head.sealedThrough}`),
                h('td', {}, head === undefined ? '–' : h('code', { title: head.hash }, `${head.hash.slice(0, 16)}…`)),
                h('td', {}, head === undefined ? '–' : new Date(head.updatedAt).toLocaleString()),
                h(
                    'td',
                    { class: 'verification' },
                    verification.ok
                        ? h(
                              'span',
                              {},
                              badge('verified', 'active'),
                              verification.length === 0
                                  ? ' empty chain'
                                  : ` blocks ${verification.fromSeq}–${verification.toSeq} of ${verification.length}`,
                              verification.nextSeq === undefined ? '' : ', more to check',
                          )
                        : h(
                              'span',
                              {},
                              badge('broken', 'retired'),
                              ` at block ${verification.brokenAt}: ${verification.reason}`,
                          ),
                ),
            );
        } catch (error) {
            row.dataset.verified = 'error';
            replaceChildren(
                row,
                h('td', {}, h('code', {}, machineId)),
                h('td', { colspan: 5 }, notice('error', describeError(error))),
            );
        }
    }

    void load();
    return h(
        'div',
        { class: 'page chains-page' },
        h(
            'div',
            { class: 'page-head' },
            h('h1', {}, 'Communication chains'),
            h('button', { onclick: () => void load() }, 'Verify again'),
        ),
        h(
            'p',
            { class: 'hint' },
            "Each block's hash is checked against its write-once anchor on the channel, which every mill holds: a block changed in the machine's private area shows as broken.",
        ),
        only === null
            ? null
            : h('p', {}, 'Only ', h('code', {}, only), '. ', h('a', { href: '#/chains' }, 'All chains')),
        message,
        h(
            'table',
            { id: 'chains' },
            h(
                'thead',
                {},
                h(
                    'tr',
                    {},
                    ...['Machine', 'Blocks', 'Sealed through', 'Head hash', 'Updated', 'Verification'].map((t) =>
                        h('th', {}, t),
                    ),
                ),
            ),
            body,
        ),
    );
}
