import { describeError } from '../api-client';
import { MACHINE_STATUSES, type MachineRecord, type MachineStatus, type Page as ApiPage } from '../api-types';
import { badge, h, notice, replaceChildren } from '../dom';
import type { PageContext } from '../page-context';

/** An admin's actions on a machine of its own mill, by the machine's status. */
const ACTIONS: Record<MachineStatus, readonly { action: string; label: string; done: string }[]> = {
    PENDING: [{ action: 'approve', label: 'Approve', done: 'approved' }],
    ACTIVE: [
        { action: 'suspend', label: 'Suspend', done: 'suspended' },
        { action: 'retire', label: 'Retire', done: 'retired' },
    ],
    SUSPENDED: [
        { action: 'reactivate', label: 'Reactivate', done: 'reactivated' },
        { action: 'retire', label: 'Retire', done: 'retired' },
    ],
    RETIRED: [],
};

/**
 * The Machine-Equipment Blockchain by mill and status: each mill's machines with a count per
 * status, and an admin's approve, suspend, reactivate and retire on its own mill's machines (the
 * chaincode checks the mill again).
 */
export function machinesPage(context: PageContext): HTMLElement {
    const list = h('div', { class: 'mills' }, 'Loading machines…');
    const message = h('div', { class: 'messages' });
    const statusFilter = h(
        'select',
        { id: 'status-filter', 'aria-label': 'Status', onchange: () => void load() },
        h('option', { value: '' }, 'every status'),
        ...MACHINE_STATUSES.map((status) => h('option', { value: status }, status)),
    );

    async function load(): Promise<void> {
        try {
            const page = await context.api.get<ApiPage<MachineRecord>>('/api/v1/machines');
            const wanted = statusFilter.value;
            replaceChildren(list, ...byMill(page.items.filter((m) => wanted === '' || m.status === wanted)));
        } catch (error) {
            replaceChildren(list, notice('error', describeError(error)));
        }
    }

    async function act(machine: MachineRecord, action: string, done: string, button: HTMLButtonElement): Promise<void> {
        if (action === 'retire' && !confirm(`Retire ${machine.machineId} for good?`)) {
            return;
        }
        button.disabled = true;
        button.textContent = `${button.textContent}…`;
        try {
            const changed = await context.api.runJob<MachineRecord>(
                `/api/v1/machines/${machine.machineId}/${action}`,
                undefined,
            );
            replaceChildren(message, notice('info', `${changed.machineId} ${done}: now ${changed.status}`));
        } catch (error) {
            replaceChildren(message, notice('error', describeError(error)));
        }
        await load();
    }

    function byMill(machines: readonly MachineRecord[]): HTMLElement[] {
        const mills = [...new Set(machines.map((machine) => machine.ownerMspId))].sort();
        if (mills.length === 0) {
            return [h('p', {}, 'No machines.')];
        }
        return mills.map((mill) => {
            const own = machines
                .filter((machine) => machine.ownerMspId === mill)
                .sort(
                    (a, b) =>
                        MACHINE_STATUSES.indexOf(a.status) - MACHINE_STATUSES.indexOf(b.status) ||
                        a.machineId.localeCompare(b.machineId),
                );
            const counts = MACHINE_STATUSES.map(
                (status) => [status, own.filter((m) => m.status === status).length] as const,
            )
                .filter(([, count]) => count > 0)
                .map(([status, count]) => h('span', { class: 'count' }, badge(status), ` ${count}`));
            return h(
                'section',
                { class: 'mill', 'data-mill': mill },
                h('h2', {}, mill, mill === context.me.mspId ? h('small', {}, ' (your mill)') : null),
                h('p', { class: 'counts' }, ...counts),
                h(
                    'table',
                    {},
                    h(
                        'thead',
                        {},
                        h(
                            'tr',
                            {},
                            ...['Machine', 'Type', 'Line', 'Vendor', 'Status', 'Updated', ''].map((t) =>
                                h('th', {}, t),
                            ),
                        ),
                    ),
                    h('tbody', {}, ...own.map(row)),
                ),
            );
        });
    }

    function row(machine: MachineRecord): HTMLTableRowElement {
        const mayAct = context.me.role === 'admin' && context.me.mspId === machine.ownerMspId;
        const actions = mayAct
            ? ACTIONS[machine.status].map(({ action, label, done }) => {
                  const button: HTMLButtonElement = h(
                      'button',
                      {
                          class: `action action-${action}`,
                          'data-action': action,
                          onclick: () => void act(machine, action, done, button),
                      },
                      label,
                  );
                  return button;
              })
            : [];
        return h(
            'tr',
            { 'data-machine': machine.machineId, 'data-status': machine.status },
            h('td', {}, h('code', {}, machine.machineId)),
            h('td', {}, machine.machineType),
            h('td', {}, machine.line),
            h('td', {}, machine.vendor),
            h('td', { class: 'status' }, badge(machine.status)),
            h('td', {}, new Date(machine.updatedAt).toLocaleString()),
            h(
                'td',
                { class: 'actions' },
                ...actions,
                h('a', { href: `#/chains?machine=${machine.machineId}` }, 'chain'),
                ' ',
                machine.status === 'ACTIVE' ? h('a', { href: `#/query?to=${machine.machineId}` }, 'ask') : null,
            ),
        );
    }

    void load();
    return h(
        'div',
        { class: 'page machines-page' },
        h(
            'div',
            { class: 'page-head' },
            h('h1', {}, 'Machines'),
            h('label', {}, 'Show ', statusFilter),
            h('button', { onclick: () => void load() }, 'Reload'),
        ),
        h(
            'p',
            { class: 'hint' },
            context.me.role === 'admin'
                ? `As ${context.me.identity}, you approve, suspend, reactivate and retire ${context.me.mspId}'s machines.`
                : `As ${context.me.identity} (${context.me.role ?? 'no role'}), you see the registry; only a mill's admin changes it.`,
        ),
        message,
        list,
    );
}
