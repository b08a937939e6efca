import { genealogyTree } from '../cli/genealogy-tree';
import type { ScenarioResult } from './run-scenario';
import { sectionTimeText } from './section-clock';

/** The scenario's report for a mill engineer, as lines. */
export function scenarioReport(result: ScenarioResult): string[] {
    const lines = ['', '================ Spindle: report of the spinning line ================', ''];
    lines.push(`Run ${result.runId}`, '', 'Machines (Machine-Equipment Blockchain)');
    for (const machine of result.machines) {
        lines.push(
            `  ${machine.machineId.padEnd(15)} ${machine.mill.padEnd(6)} ${machine.status.padEnd(8)} ${machine.action}` +
                (machine.replacedBy === undefined ? '' : ` (replaced by ${machine.replacedBy})`),
        );
    }
    lines.push('', `Genealogy of yarn package ${result.packageId} (upstream to the bales)`);
    lines.push(...genealogyTree(result.genealogy).map((line) => `  ${line}`));
    const bales = result.genealogy.nodes.filter((node) => node.form === 'bale').map((node) => node.lotId);
    lines.push(`  reaches ${bales.length} bale(s): ${bales.join(', ')}`);

    lines.push('', 'Order surge (download: extend working hours by 4 h)');
    for (const order of result.surge) {
        lines.push(`  ${order.senderId} -> ${order.receiverId.padEnd(14)} message ${order.messageId.slice(0, 16)}…`);
    }
    lines.push('', `Carded-yarn quality conveyed to combing: message ${result.qualityMessageId.slice(0, 16)}…`);

    lines.push('', 'Query: carding asks lap forming for its status and quality (9 steps)');
    if (result.query === undefined) {
        lines.push('  not run');
    } else if ('error' in result.query) {
        lines.push(`  FAILED: ${result.query.error}`);
    } else {
        for (const step of result.query.steps) {
            lines.push(
                `  ${String(step.step).padStart(2)}. ${step.outcome.padEnd(6)} +${String(step.atMs).padStart(6)} ms${step.clock === 'responder' ? '*' : ' '} ${step.title}: ${step.detail}`,
            );
        }
        if (result.query.steps.some((step) => step.clock === 'responder')) {
            lines.push("  * read from the responder's signed reply or its transaction, on the responder's clock");
        }
        lines.push(`  answered in ${result.query.totalMs} ms: ${result.query.answer}`);
    }

    const { retired, successor, retiredHistory, note } = result.replacement;
    lines.push('', 'Replacement');
    lines.push(
        `  ${retired.machineId} ${retired.status} (replaced by ${retired.replacedBy ?? '?'}), ${retiredHistory} history entries kept; ` +
            `${successor.machineId} ${successor.status}, replaces ${successor.replaces ?? '?'} (${note})`,
    );

    lines.push('', 'Communication chains (verified block by block against their public anchors, page by page)');
    for (const chain of result.chains) {
        const verification = chain.verification;
        lines.push(
            `  ${chain.machineId.padEnd(15)} ` +
                ('error' in verification
                    ? `not verified: ${verification.error}`
                    : verification.ok
                      ? `OK, ${verification.length} block(s)`
                      : `BROKEN at block ${verification.brokenAt}: ${verification.reason}`),
        );
    }
    const allOk = result.chains.every((chain) => 'ok' in chain.verification && chain.verification.ok);
    lines.push(`  ${allOk ? 'every chain verified OK' : 'NOT every chain verified'}`);

    lines.push('', 'Time per section');
    for (const section of result.sections) {
        // The whole title, after the time: a long title never runs into the figure.
        const [seconds, ...waits] = sectionTimeText(section).split(', ');
        lines.push(
            `  ${(seconds ?? '').padStart(8)}  ${section.title}${waits.length > 0 ? ` (${waits.join(', ')})` : ''}`,
        );
    }
    const totalMs = result.sections.reduce((sum, section) => sum + section.ms, 0);
    const retrySleeps = result.sections.reduce((sum, section) => sum + section.retrySleeps, 0);
    lines.push(
        `  ${`${(totalMs / 1000).toFixed(1)} s`.padStart(8)}  total, ${retrySleeps === 0 ? 'no retry waits' : `${retrySleeps} retry wait(s)`}`,
    );
    lines.push('', 'The network is still running. Stop it with: npm run network -- down', '');
    return lines;
}
