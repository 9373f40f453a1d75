import { describeTable, type TableDescription } from '../../data/describe.js';
import { nameText } from '../../core/messages.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { loadTable, printWarnings, type Command, printJson } from '../command.js';
import { cliOptionName, missingFromArgs, readOptionsFromArgs, ROLE_OPTIONS, ROLE_USAGE, roleSpecFromArgs } from '../role-options.js';

const USAGE = `Usage: radsig describe TABLE [role options] [--json]

Reports rows, the features used and the columns left out (with the reason), roles, missing values
by column, constant features, outcome counts (binary) or events, censored and median follow-up
(reverse Kaplan-Meier; time to event), and batch sizes. Missing values are reported, not fatal.

${ROLE_USAGE}
  --json                 print { rows, features: { rule, used, names, leftOut, warnings }, roles,
                         missing, constant, outcome, batches }`;

/** `radsig describe`. */
export const describeCommand: Command = {
  name: 'describe',
  summary: 'summarize a feature table under its roles',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('describe', argv, { ...ROLE_OPTIONS, json: { type: 'boolean' } }, { min: 1, max: 1, names: 'TABLE' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const spec = roleSpecFromArgs(values);
    missingFromArgs(values);
    const table = await loadTable(io, positionals[0], readOptionsFromArgs(values));
    const description = describeTable(table, spec, { optionName: cliOptionName });
    printWarnings(io, description.features.warnings);
    if (values.json) {
      const { source: _source, ...rest } = description;
      printJson(io, rest);
    } else {
      io.stdout(formatDescription(description));
    }
    return 0;
  },
};

/** The human-readable form of a description. */
export function formatDescription(d: TableDescription): string {
  const lines: string[] = [];
  lines.push(`${d.source}: ${d.rows} rows, ${d.features.used} features (${FEATURE_RULES[d.features.rule]})`);
  const roles: string[] = [];
  if (d.roles.id) roles.push(`id ${nameText(d.roles.id)}`);
  if (d.roles.outcome) roles.push(`outcome ${nameText(d.roles.outcome)} (positive = ${d.roles.positive})`);
  if (d.roles.time) roles.push(`time ${nameText(d.roles.time)}, event ${nameText(d.roles.event!)} (event = ${d.roles.eventValue})`);
  if (d.roles.batch) roles.push(`batch ${nameText(d.roles.batch)}`);
  if (d.roles.covariates.length > 0) roles.push(`covariates ${d.roles.covariates.map(nameText).join(', ')}`);
  lines.push(`roles: ${roles.length > 0 ? roles.join('; ') : 'none given'}`);
  if (d.outcome !== null) {
    if ('counts' in d.outcome) {
      lines.push(`outcome: ${Object.entries(d.outcome.counts).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
    } else {
      const fu = d.outcome.medianFollowUp === null ? 'not reached' : String(round(d.outcome.medianFollowUp));
      lines.push(`events: ${d.outcome.events}, censored: ${d.outcome.censored}, median follow-up (reverse Kaplan-Meier): ${fu}`);
    }
  }
  if (d.features.leftOut.length > 0) {
    const byReason = new Map<string, string[]>();
    for (const { column, reason } of d.features.leftOut) {
      if (!byReason.has(reason)) byReason.set(reason, []);
      byReason.get(reason)!.push(column);
    }
    const parts = [...byReason].map(([reason, columns]) => `${reason} (${columns.length}): ${columns.slice(0, 8).map(nameText).join(', ')}${columns.length > 8 ? ` and ${columns.length - 8} more` : ''}`);
    lines.push(`not features: ${parts.join('; ')}`);
  }
  const batches = Object.entries(d.batches);
  if (batches.length > 0) lines.push(`batches: ${batches.map(([k, v]) => `${nameText(k)}: ${v}`).join(', ')}`);
  const missing = Object.entries(d.missing);
  lines.push(
    missing.length === 0
      ? 'missing values: none'
      : `missing values in ${missing.length} columns: ${missing.slice(0, 10).map(([k, v]) => `${nameText(k)} (${v})`).join(', ')}${missing.length > 10 ? ` and ${missing.length - 10} more` : ''}`,
  );
  lines.push(
    d.constant.length === 0
      ? 'constant features: none'
      : `constant features (${d.constant.length}): ${d.constant.slice(0, 10).map(nameText).join(', ')}${d.constant.length > 10 ? ` and ${d.constant.length - 10} more` : ''}`,
  );
  return lines.join('\n') + '\n';
}

const FEATURE_RULES = {
  listed: 'as listed',
  pyradiomics: 'the columns with PyRadiomics feature names',
  numeric: 'every numeric column without a role',
} as const;

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
