import { evidenceLine } from '../query/evidence-line';
import { genealogyTree } from '../text/genealogy-tree';
import { answerLines } from '../query/query-result';
import type { LapQuery } from './lap-query';
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

    lines.push(...deviceLines(result.device));
    lines.push(...lapQueryLines(result.query));

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

function deviceLines(device: ScenarioResult['device']): string[] {
    const lines = [
        '',
        `Device area: machine controllers over OPC UA (simulated, a reading every ${device.intervalMs} ms), one agent per mill sealing every ${device.sealEvery}`,
    ];
    for (const controller of device.controllers) {
        lines.push(
            `  ${controller.machineId.padEnd(15)} ${controller.machineType.padEnd(11)} ${controller.endpointUrl}  seed ${controller.seed}`,
        );
    }
    for (const agent of device.agents) {
        lines.push(`  agent of ${agent.mill} (pid ${agent.pid}): ${agent.machineIds.join(', ')}`);
    }
    return lines;
}

function lapQueryLines(query: LapQuery): string[] {
    const lines = ['', "Query: carding asks lap forming for the last hour's lap CV, with proofs (9 steps)"];
    lines.push(`  ${query.command}`);
    const waited = `${(query.sealWaitMs / 1000).toFixed(1)} s`;
    lines.push(
        query.sealed === undefined
            ? `  no seal of the lap former's readings anchored after waiting ${waited}`
            : `  the lap former's readings first sealed in block ${query.sealed.seq} (${query.sealed.readings} readings), waited ${waited}`,
    );
    const { outcome } = query;
    if ('error' in outcome) {
        lines.push(`  FAILED: ${outcome.error}`);
        return lines;
    }
    for (const step of outcome.steps) {
        lines.push(
            `  ${String(step.step).padStart(2)}. ${step.outcome.padEnd(6)} +${String(step.atMs).padStart(6)} ms${step.clock === 'responder' ? '*' : ' '} ${step.title}: ${step.detail}`,
        );
    }
    if (outcome.steps.some((step) => step.clock === 'responder')) {
        lines.push("  * read from the responder's signed reply or its transaction, on the responder's clock");
    }
    lines.push(`  answered in ${outcome.totalMs} ms:`);
    lines.push(...answerLines(outcome).map((line) => `    ${line}`));
    lines.push(
        `  ${outcome.verification === null ? 'proofs: not verified (the requester checked no evidence with this answer)' : evidenceLine(outcome.verification)}`,
    );
    return lines;
}
