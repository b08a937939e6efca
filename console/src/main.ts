import './style.css';

import { ApiClient, describeError } from './api-client';
import { h, notice, replaceChildren } from './dom';
import { KeyRing, type HeldKey } from './key-ring';
import type { Page } from './page-context';
import { chainsPage } from './pages/chains-page';
import { genealogyPage } from './pages/genealogy-page';
import { machinesPage } from './pages/machines-page';
import { queryPage } from './pages/query-page';

/** The console's pages by their hash route. */
const PAGES: readonly { route: string; title: string; page: Page }[] = [
    { route: 'machines', title: 'Machines', page: machinesPage },
    { route: 'genealogy', title: 'Genealogy', page: genealogyPage },
    { route: 'query', title: 'Query', page: queryPage },
    { route: 'chains', title: 'Chains', page: chainsPage },
];

const keys = new KeyRing();
const root = document.querySelector<HTMLDivElement>('#app');
if (root === null) {
    throw new Error('UNEXPECTED: index.html has no #app');
}
const header = h('header', { class: 'top' });
const main = h('main', { id: 'page' });
root.append(header, main);

/** The route of the location's hash: `#/query?to=x` is `query` with `to=x`. */
function routeOf(hash: string): { route: string; params: URLSearchParams } {
    const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
    return { route: path === '' ? 'machines' : path, params: new URLSearchParams(query) };
}

function render(): void {
    const active = keys.active();
    const { route, params } = routeOf(location.hash);
    renderHeader(active, route);
    if (active === undefined) {
        replaceChildren(
            main,
            h('h1', {}, 'Spindle console'),
            h(
                'p',
                {},
                "Enter an API key above (from `npm run api -- keys add`). It stays in this tab's session storage and goes only to this service's /api/v1.",
            ),
        );
        return;
    }
    const page = PAGES.find((entry) => entry.route === route);
    if (page === undefined) {
        replaceChildren(main, notice('error', `NOT_FOUND: no page ${route}`));
        return;
    }
    document.title = `${page.title} · Spindle console`;
    replaceChildren(
        main,
        page.page({
            api: new ApiClient(active.key),
            me: active.principal,
            params,
            navigate: (hash) => {
                location.hash = hash;
            },
        }),
    );
}

function renderHeader(active: HeldKey | undefined, route: string): void {
    const input = h('input', {
        id: 'api-key',
        type: 'password',
        placeholder: 'API key (spk_...)',
        autocomplete: 'off',
        size: 28,
    });
    const status = h('span', { class: 'key-status', role: 'status' });
    const add = async (): Promise<void> => {
        const key = input.value.trim();
        if (key === '') {
            return;
        }
        try {
            await keys.add(key);
            render();
        } catch (error) {
            replaceChildren(status, describeError(error));
        }
    };
    const select = h(
        'select',
        {
            id: 'key-select',
            'aria-label': 'Act as',
            onchange: (event: Event) => {
                keys.select((event.target as HTMLSelectElement).value);
                render();
            },
        },
        ...keys.list().map((held) =>
            h(
                'option',
                {
                    value: held.principal.clientId,
                    selected: held.principal.clientId === active?.principal.clientId,
                },
                `${held.principal.identity} (${held.principal.role ?? 'no role'}, ${held.principal.mspId})`,
            ),
        ),
    );
    replaceChildren(
        header,
        h('span', { class: 'brand' }, 'Spindle'),
        h(
            'nav',
            {},
            ...PAGES.map((entry) =>
                h('a', { href: `#/${entry.route}`, class: entry.route === route ? 'current' : '' }, entry.title),
            ),
        ),
        h(
            'form',
            {
                class: 'keys',
                onsubmit: (event: Event) => {
                    event.preventDefault();
                    void add();
                },
            },
            active === undefined ? null : h('label', {}, 'Act as ', select),
            active === undefined
                ? null
                : h(
                      'button',
                      {
                          type: 'button',
                          title: 'Forget this key',
                          onclick: () => {
                              keys.remove(active.principal.clientId);
                              render();
                          },
                      },
                      'Forget',
                  ),
            input,
            h('button', { type: 'submit', id: 'add-key' }, 'Add key'),
            status,
        ),
    );
}

window.addEventListener('hashchange', render);
render();
