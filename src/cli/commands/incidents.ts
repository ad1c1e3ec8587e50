import { InvalidArgumentError, type Command } from 'commander';
import { CLI_CONTEXT, LOCAL_OPERATOR } from '../../access/index.js';
import { SottoError } from '../../errors/index.js';
import type { IncidentChanges, IncidentImpact, IncidentView } from '../../incidents/index.js';
import { commandContext, withRuntime } from '../context.js';
import { printResult } from '../output.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

function parseCount(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number');
  return n;
}

function describeIncident(i: IncidentView): string {
  const head = `${i.id} ${i.tenantId ?? '(deployment)'} ${i.status} ${i.severity} detected ${i.detectedAt} window ${i.windowStart}..${i.windowEnd ?? 'now'} — ${i.title}`;
  const rows = i.notifications.map(
    (n) => `  ${n.regime}/${n.recipient}: ${n.status}${n.at ? ` ${n.at}` : ''}; due ${n.due ?? n.dueText} (${n.citation})${n.note ? ` — ${n.note}` : ''}`,
  );
  return [head, ...rows].join('\n');
}

function describeImpact(r: IncidentImpact): string {
  return [
    `window ${r.window.start}..${r.window.end ?? 'now'}${r.tenantId ? ` tenant ${r.tenantId}` : ' (all tenants)'}`,
    `tenants: ${r.tenants.map((t) => `${t.tenantId} (${t.accesses})`).join(', ') || 'none'}`,
    `subjects (keyed hashes): ${r.subjects.length}${r.subjects.length ? `\n  ${r.subjects.join('\n  ')}` : ''}`,
    `calls: ${r.calls.join(', ') || 'none'}`,
    `artifacts: ${r.artifacts.join(', ') || 'none'}`,
    `accesses by action: ${Object.entries(r.byAction).map(([a, n]) => `${a} ${n}`).join(', ') || 'none'}; break-glass uses ${r.breakGlassUses}`,
    `denied attempts: ${r.denied.total}${r.denied.total ? ` (${Object.entries(r.denied.byPrincipal).map(([p, n]) => `${p} ${n}`).join(', ')})` : ''}`,
    `audit entries read: ${r.audit.entriesRead} of ${r.audit.logSize}`,
  ].join('\n');
}

interface FieldOptions {
  title?: string;
  summary?: string;
  severity?: string;
  detectedAt?: string;
  windowStart?: string;
  windowEnd?: string;
  regime?: string[];
  affected?: number;
  highRisk?: boolean;
}

function fieldOptions(command: Command): Command {
  return command
    .option('--title <text>', 'short title (kept in the register, never in the audit log)')
    .option('--summary <text>', 'what happened (kept in the register, never in the audit log)')
    .option('--severity <level>', 'low, medium, high or critical')
    .option('--detected-at <time>', 'when you became aware (ISO-8601 with zone); deadlines run from it')
    .option('--window-start <time>', 'start of the suspected exposure (ISO-8601 with zone)')
    .option('--window-end <time>', 'end of the suspected exposure (default: still open)')
    .option('--regime <name>', 'gdpr, hipaa, pci_dss or california; repeat or comma-separate', collect)
    .option('--affected <n>', 'individuals affected, when known', parseCount)
    .option('--high-risk', 'likely to result in a high risk to people (GDPR Art. 34)');
}

export function registerIncidentsCommands(program: Command): void {
  const incidents = program.command('incidents').description('the incident register: impact from the audit log and notification deadlines (incident.manage)');

  fieldOptions(
    incidents
      .command('open')
      .description('open an incident for a tenant (--tenant) or the whole deployment (--deployment)')
      .option('--tenant <tenant>', 'tenant id')
      .option('--deployment', 'a deployment-wide incident (no tenant)'),
  ).action(async (options: FieldOptions & { tenant?: string; deployment?: boolean }, command: Command) => {
    const ctx = commandContext(command);
    if ((options.tenant === undefined) === (options.deployment !== true)) throw new SottoError('USAGE', 'give --tenant T or --deployment');
    for (const [flag, value] of [['--title', options.title], ['--detected-at', options.detectedAt], ['--window-start', options.windowStart]] as const) {
      if (value === undefined) throw new SottoError('USAGE', `${flag} is required`);
    }
    const opened = await withRuntime(ctx, false, (rt) =>
      rt.incidents.open(
        LOCAL_OPERATOR,
        {
          tenantId: options.tenant ?? null,
          title: options.title as string,
          summary: options.summary,
          severity: options.severity ?? 'medium',
          detectedAt: options.detectedAt as string,
          windowStart: options.windowStart as string,
          windowEnd: options.windowEnd,
          regimes: options.regime ?? [],
          affectedIndividuals: options.affected,
          highRisk: options.highRisk === true,
        },
        CLI_CONTEXT,
      ),
    );
    printResult(ctx.json, opened, describeIncident(opened));
  });

  fieldOptions(incidents.command('update').description('change an open or contained incident').argument('<id>', 'incident id (inc_…)'))
    .option('--status <status>', 'open or contained (use close / reopen for closing)')
    .action(async (id: string, options: FieldOptions & { status?: string }, command: Command) => {
      const ctx = commandContext(command);
      if (options.status !== undefined && options.status !== 'open' && options.status !== 'contained') throw new SottoError('USAGE', '--status is open or contained');
      const changes: IncidentChanges = {
        title: options.title,
        summary: options.summary,
        severity: options.severity,
        status: options.status as IncidentChanges['status'],
        detectedAt: options.detectedAt,
        windowStart: options.windowStart,
        windowEnd: options.windowEnd,
        regimes: options.regime,
        affectedIndividuals: options.affected,
        highRisk: options.highRisk,
      };
      const updated = await withRuntime(ctx, false, (rt) => rt.incidents.update(LOCAL_OPERATOR, id, changes, CLI_CONTEXT));
      printResult(ctx.json, updated, describeIncident(updated));
    });

  for (const [name, description] of [
    ['close', 'close an incident (its notification duties are still shown)'],
    ['reopen', 'reopen a closed incident'],
    ['show', 'show an incident with its notification deadlines and their status'],
  ] as const) {
    incidents
      .command(name)
      .description(description)
      .argument('<id>', 'incident id (inc_…)')
      .action(async (id: string, _options: unknown, command: Command) => {
        const ctx = commandContext(command);
        const view = await withRuntime(ctx, false, (rt) => rt.incidents[name](LOCAL_OPERATOR, id, CLI_CONTEXT));
        printResult(ctx.json, view, describeIncident(view));
      });
  }

  incidents
    .command('list')
    .description('list open incidents (all tenants, or --tenant)')
    .option('--tenant <tenant>', 'tenant id')
    .option('--all', 'include closed incidents')
    .action(async (options: { tenant?: string; all?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const list = await withRuntime(ctx, false, (rt) => rt.incidents.list(LOCAL_OPERATOR, { tenantId: options.tenant, includeClosed: options.all === true }, CLI_CONTEXT));
      printResult(ctx.json, { incidents: list }, list.map(describeIncident).join('\n') || '(no incidents)');
    });

  incidents
    .command('impact')
    .description('what the incident window touched, from the audit log: tenants, subjects (keyed hashes), calls; denied attempts apart')
    .argument('<id>', 'incident id (inc_…)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const ctx = commandContext(command);
      const impact = await withRuntime(ctx, false, (rt) => rt.incidents.impact(LOCAL_OPERATOR, id, CLI_CONTEXT));
      printResult(ctx.json, impact, describeImpact(impact));
    });

  incidents
    .command('notify')
    .description('mark a notification sent (or --not-required) for one regime and recipient; an audited update')
    .argument('<id>', 'incident id (inc_…)')
    .requiredOption('--regime <name>', 'gdpr, hipaa, pci_dss or california')
    .requiredOption('--recipient <name>', 'e.g. authority, data_subjects, individuals, hhs, media, card_brands_acquirer')
    .option('--at <time>', 'when it was sent (default: now)')
    .option('--not-required', 'record that this notification is not required (your assessment)')
    .action(async (id: string, options: { regime: string; recipient: string; at?: string; notRequired?: boolean }, command: Command) => {
      const ctx = commandContext(command);
      const view = await withRuntime(ctx, false, (rt) =>
        rt.incidents.notify(LOCAL_OPERATOR, id, { regime: options.regime, recipient: options.recipient, status: options.notRequired ? 'not_required' : 'sent', at: options.at }, CLI_CONTEXT),
      );
      printResult(ctx.json, view, describeIncident(view));
    });
}
