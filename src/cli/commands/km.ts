import { DataError, ParameterError } from '../../core/errors.js';
import { buildDataset } from '../../data/dataset.js';
import { resolveRoles } from '../../data/roles.js';
import { cellValue, sortValues } from '../../data/column-values.js';
import { lowerBound, stepIndex } from '../../stats/binary-search.js';
import { kaplanMeier } from '../../stats/kaplan-meier.js';
import { logRankTest } from '../../stats/log-rank.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { loadTable, type Command, printJson } from '../command.js';
import { cliOptionName, READ_OPTIONS, READ_USAGE, readOptionsFromArgs } from '../role-options.js';
import { numberListOption } from '../undefined-statistics.js';

const USAGE = `Usage: radsig km TABLE --time COL --event COL [--event-value V] [--group COL] [--times t1,t2] [--json]

Kaplan-Meier curves (Greenwood standard errors, log intervals as survfit) with median survival and
its interval, optionally by group with the log-rank test (survdiff). --times reports the curve and
the number at risk at those times only.

${READ_USAGE}
  --json   { groups: [ {group, n, events, median, medianLower, medianUpper, times, survival, lower, upper, nRisk} ],
             logrank: { chisq, df, p } }`;

/** `radsig km`. */
export const kmCommand: Command = {
  name: 'km',
  summary: 'Kaplan-Meier curves, median survival and the log-rank test',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs('km', argv, { time: { type: 'string' }, event: { type: 'string' }, 'event-value': { type: 'string' }, group: { type: 'string' }, times: { type: 'string' }, json: { type: 'boolean' }, ...READ_OPTIONS }, { min: 1, max: 1, names: 'TABLE' });
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const time = stringOption(values, 'time');
    const event = stringOption(values, 'event');
    if (time === undefined || event === undefined) throw new ParameterError('km: --time COL and --event COL are required', 'USAGE');
    const at = numberListOption(values, 'times', { min: 0 }) ?? [];
    const table = await loadTable(io, positionals[0], readOptionsFromArgs(values));
    const groupName = stringOption(values, 'group');
    const eventValue = stringOption(values, 'event-value');
    const roles = resolveRoles(table, { time, event, ...(eventValue !== undefined ? { eventValue } : {}), features: [], ...(groupName ? { covariates: [groupName] } : {}) }, { requireFeatures: false, optionName: cliOptionName });
    const data = buildDataset(table, roles, { missing: 'drop', optionName: cliOptionName });
    if (data.droppedRows.length > 0) io.stderr(`radsig: note: ${data.droppedRows.length} ${data.droppedRows.length === 1 ? 'row' : 'rows'} with a missing time, event${groupName ? ' or group' : ''} left out\n`);
    const labels = groupName ? Array.from(data.rows, (row) => cellValue(table.column(groupName), row) ?? 'NA') : Array.from(data.rows, () => 'all');
    const levels = sortValues([...new Set(labels)]); // numeric groups in numeric order, as R orders them
    const groups = levels.map((level) => {
      const rows = labels.flatMap((l, i) => (l === level ? [i] : []));
      const km = kaplanMeier(rows.map((i) => data.time![i]), rows.map((i) => data.event![i]));
      const pick = (k: number) => ({ t: km.times[k], s: km.survival[k], lo: km.lower[k], hi: km.upper[k], r: km.nRisk[k] });
      let points = Array.from(km.times, (_, k) => pick(k));
      if (at.length > 0) {
        points = at.map((t) => {
          const k = stepIndex(km.times, t);
          const riskAt = lowerBound(km.times, t);
          return { t, s: k < 0 ? 1 : km.survival[k], lo: k < 0 ? 1 : km.lower[k], hi: k < 0 ? 1 : km.upper[k], r: riskAt < km.times.length ? km.nRisk[riskAt] : 0 };
        });
      }
      return {
        group: level,
        n: km.n,
        events: km.events,
        median: nullable(km.median),
        medianLower: nullable(km.medianLower),
        medianUpper: nullable(km.medianUpper),
        times: points.map((x) => x.t),
        survival: points.map((x) => x.s),
        lower: points.map((x) => nullable(x.lo)),
        upper: points.map((x) => nullable(x.hi)),
        nRisk: points.map((x) => x.r),
      };
    });
    let logrank: { chisq: number; df: number; p: number } | null = null;
    if (levels.length > 1) {
      try {
        logrank = logRankTest(data.time!, data.event!, labels);
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        // e.g. no events at all: the test is undefined, the curves are not
        io.stderr(`radsig: warning: the log-rank test is undefined on these data (${error.message.replace(/^logRankTest: /, '')}); it is null\n`);
      }
    }
    const json = { groups, logrank: logrank ? { chisq: logrank.chisq, df: logrank.df, p: logrank.p } : null };
    if (values.json) printJson(io, json);
    else {
      const lines = groups.flatMap((g) => [
        `${g.group}: n = ${g.n}, events = ${g.events}, median ${g.median ?? 'not reached'} (95% CI ${g.medianLower ?? 'NA'} to ${g.medianUpper ?? 'NA'})`,
        // the times asked for with --times (the JSON has them too)
        ...(at.length > 0 ? g.times.map((t, k) => `  t = ${t}: survival ${g.survival[k].toFixed(4)} (95% CI ${g.lower[k]?.toFixed(4) ?? 'NA'} to ${g.upper[k]?.toFixed(4) ?? 'NA'}), ${g.nRisk[k]} at risk`) : []),
      ]);
      if (logrank) lines.push(`log-rank chisq = ${logrank.chisq.toFixed(2)} on ${logrank.df} df, p = ${logrank.p.toPrecision(3)}`);
      io.stdout(lines.join('\n') + '\n');
    }
    return 0;
  },
};

function nullable(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
