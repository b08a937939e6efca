import { describeError } from '../api-client';
import type { MachineRecord, Page as ApiPage, QueryResult, QueryStep, ReadingsAnswer } from '../api-types';
import { badge, h, notice, replaceChildren } from '../dom';
import type { PageContext } from '../page-context';
import { readingsView } from './readings-view';

/** The question kinds the form asks; `text` is the free-text question of older agents. */
const KINDS = ['readings', 'status', 'lot-quality', 'text'] as const;

/**
 * The paper's 9-step query flow as it happens: the active key's machine asks another machine a
 * typed question (its readings, its status, a lot's quality) or a free-text one, and each step
 * appears as the job's event stream reports it; the answer follows, readings as a chart and table.
 */
export function queryPage(context: PageContext): HTMLElement {
    const isMachine = context.me.role === 'machine';
    const to = h('input', {
        id: 'query-to',
        list: 'query-machines',
        placeholder: 'receiver, e.g. lap-former-b1',
        value: context.params.get('to') ?? '',
        required: true,
    });
    const machines = h('datalist', { id: 'query-machines' });
    const kind = h(
        'select',
        {
            id: 'query-kind',
            'aria-label': 'Question',
            onchange: () => {
                showFields();
            },
        },
        ...KINDS.map((k) => h('option', { value: k }, k === 'text' ? 'free text' : k)),
    );
    const variables = h('input', { id: 'query-variables', value: 'lapWeight,cv', size: 24 });
    const minutes = h('input', { id: 'query-minutes', type: 'number', min: 1, max: 1440, value: 15, size: 5 });
    const mode = h(
        'select',
        { id: 'query-mode' },
        h('option', { value: 'raw' }, 'raw'),
        h('option', { value: 'aggregate' }, 'aggregate'),
    );
    const every = h('input', { id: 'query-every', type: 'number', min: 1, value: 60, size: 5 });
    const lotId = h('input', { id: 'query-lot', placeholder: 'lot ID' });
    const text = h('input', { id: 'query-text', value: 'status and quality', size: 40 });
    const fields = h('div', { class: 'question-fields' });
    const ask = h('button', { type: 'submit', id: 'ask', disabled: !isMachine }, 'Ask');
    const stepList = h('ol', { id: 'query-steps', class: 'steps' });
    const outcome = h('div', { id: 'query-outcome' });

    function showFields(): void {
        switch (kind.value) {
            case 'readings':
                replaceChildren(
                    fields,
                    h('label', {}, 'Variables ', variables),
                    h('label', {}, 'Last ', minutes, ' minutes'),
                    h('label', {}, 'Mode ', mode),
                    h('label', {}, 'Bucket ', every, ' s'),
                );
                break;
            case 'lot-quality':
                replaceChildren(fields, h('label', {}, 'Lot ', lotId));
                break;
            case 'text':
                replaceChildren(fields, h('label', {}, 'Question ', text));
                break;
            default:
                replaceChildren(fields);
        }
    }

    function question(): unknown {
        switch (kind.value) {
            case 'readings': {
                const now = Date.now();
                return {
                    kind: 'readings',
                    variables: variables.value
                        .split(',')
                        .map((v) => v.trim())
                        .filter((v) => v !== ''),
                    from: new Date(now - Number(minutes.value) * 60_000).toISOString(),
                    to: new Date(now + 1_000).toISOString(),
                    mode: mode.value,
                    ...(mode.value === 'aggregate' ? { everySeconds: Number(every.value) } : {}),
                };
            }
            case 'lot-quality':
                return { kind: 'lot-quality', lotId: lotId.value.trim() };
            case 'text':
                return { what: text.value };
            default:
                return { kind: 'status' };
        }
    }

    async function run(): Promise<void> {
        ask.disabled = true;
        replaceChildren(stepList, ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(pendingStep));
        replaceChildren(outcome, `Asking ${to.value}…`);
        try {
            const result = await context.api.runJob<QueryResult>(
                '/api/v1/queries',
                { to: to.value.trim(), question: question(), timeoutSeconds: 60 },
                (step) => {
                    showStep(step as QueryStep);
                },
            );
            replaceChildren(outcome, answerView(result));
        } catch (error) {
            replaceChildren(outcome, notice('error', describeError(error)));
        } finally {
            ask.disabled = false;
        }
    }

    function showStep(step: QueryStep): void {
        const item = h(
            'li',
            {
                class: `step step-${step.outcome}`,
                'data-step': step.step,
                'data-outcome': step.outcome,
                value: step.step,
            },
            h('span', { class: 'step-title' }, step.title),
            ' ',
            badge(step.outcome),
            h('span', { class: 'step-time' }, ` +${Math.round(step.atMs)} ms (${step.clock})`),
            h('div', { class: 'step-detail' }, step.detail),
        );
        const pending = stepList.querySelector(`li.step-pending[data-step="${step.step}"]`);
        if (pending === null) {
            // A step again (a resend, a rejected reply answered again): in the order it happened,
            // after every step reported so far, as the paper's flow goes back to it.
            const firstPending = stepList.querySelector('li.step-pending');
            if (firstPending === null) {
                stepList.append(item);
            } else {
                firstPending.before(item);
            }
        } else {
            pending.replaceWith(item);
        }
    }

    async function loadMachines(): Promise<void> {
        try {
            const page = await context.api.get<ApiPage<MachineRecord>>('/api/v1/machines?status=ACTIVE');
            replaceChildren(
                machines,
                ...page.items
                    .filter((machine) => machine.machineId !== context.me.machineId)
                    .map((machine) =>
                        h('option', { value: machine.machineId }, `${machine.machineType}, ${machine.ownerMspId}`),
                    ),
            );
        } catch {
            // The list only helps typing.
        }
    }

    showFields();
    void loadMachines();
    return h(
        'div',
        { class: 'page query-page' },
        h('h1', {}, 'Query'),
        isMachine
            ? h(
                  'p',
                  { class: 'hint' },
                  `Asked as machine ${context.me.machineId ?? ''}: it signs the query, only the receiver can read it.`,
              )
            : notice(
                  'error',
                  `NOT_AUTHORIZED: a query is asked as a machine; ${context.me.identity} is ${context.me.role ?? 'no role'}. Add or pick a machine's key.`,
              ),
        h(
            'form',
            {
                class: 'inline',
                onsubmit: (event: Event) => {
                    event.preventDefault();
                    void run();
                },
            },
            h('label', {}, 'Ask ', to),
            machines,
            h('label', {}, 'Question ', kind),
            fields,
            ask,
        ),
        h(
            'div',
            { class: 'query-row' },
            h('section', {}, h('h2', {}, 'The 9 steps'), stepList),
            h('section', { class: 'answer' }, h('h2', {}, 'Answer'), outcome),
        ),
    );
}

function pendingStep(step: number): HTMLLIElement {
    return h(
        'li',
        { class: 'step step-pending', 'data-step': step, value: step },
        h('span', { class: 'step-title' }, 'waiting…'),
    );
}

function answerView(result: QueryResult): HTMLElement {
    const answer = result.answer;
    const isReadings =
        typeof answer === 'object' && answer !== null && (answer as { kind?: unknown }).kind === 'readings';
    return h(
        'div',
        { class: 'answer-body', 'data-query': result.queryId },
        h(
            'p',
            {},
            `Answered in ${Math.round(result.totalMs)} ms, query `,
            h('code', {}, result.queryId.slice(0, 16)),
            '…',
        ),
        result.verification === null
            ? null
            : h('p', { class: 'verification' }, 'Evidence: ', evidenceText(result.verification)),
        isReadings
            ? readingsView(answer as ReadingsAnswer)
            : h('pre', { class: 'json' }, JSON.stringify(answer, undefined, 2)),
    );
}

/** The step-9 check of a typed answer's proofs, in a line. */
function evidenceText(verification: unknown): string {
    const check = verification as { ok?: boolean; proven?: number; unsealed?: number; code?: string };
    if (check.ok === true) {
        return `verified: ${check.proven ?? 0} readings proven against the chain's anchors, ${check.unsealed ?? 0} not sealed yet`;
    }
    return `not verified (${check.code ?? JSON.stringify(verification)})`;
}
