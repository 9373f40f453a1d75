import { DataError, ParameterError } from '../../core/errors.js';
import { quote } from '../../core/messages.js';
import type { Dataset } from '../../data/dataset.js';
import type { Table } from '../../data/table.js';
import { aucDeLong, calibration, delongTest, netBenefit, youdenThreshold } from '../../validate/binary-metrics.js';
import { concordanceIndex } from '../../stats/concordance.js';
import { survivalNetBenefit } from '../../validate/survival-utility.js';
import { brierScore, integratedBrierScore, timeDependentAuc } from '../../validate/time-dependent.js';
import { parseCommandArgs, stringOption, type ParsedArgs } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { loadTable, printWarnings, toJsonText, type Command } from '../command.js';
import { datasetForCommand } from '../load-dataset.js';
import { READ_OPTIONS, READ_USAGE, readOptionsFromArgs, roleSpecFromArgs } from '../role-options.js';
import { finiteOrNull, numberListOption, undefinedAsNull } from '../undefined-statistics.js';

const USAGE = `Usage: radsig metrics TABLE --score COL --outcome COL [--positive V] [--score-type probability|lp]
                      [--compare COL2] [--dca FROM,TO,BY] [--json]

Discrimination (AUC with DeLong 95% CI, Youden threshold), calibration (Brier, scaled Brier,
calibration-in-the-large, recalibration intercept and slope, Spiegelhalter's z, Hosmer-Lemeshow
with 10 groups) and, with --dca, net benefit against treat-all over thresholds. The score is a
predicted probability unless --score-type lp (a logit). --compare adds the paired DeLong test of
the two AUCs.

       radsig metrics TABLE --score COL --time COL --event COL [--event-value V] [--times t1,t2]
                      [--tau T] [--survival-prob COL1,COL2] [--dca FROM,TO,BY] [--json]

For time to event (score = risk, higher = worse): Harrell's C with its standard error, Uno's C
(truncated at --tau), and at each of --times the time-dependent AUC; with --survival-prob (one
column of predicted survival probabilities per time) also the IPCW Brier score and the integrated
Brier score.

  --json   print { n, nEvents, auc, aucLower, aucUpper, youden: {threshold, sensitivity, specificity,
           ppv, npv}, brier, scaledBrier, calibrationIntercept, calibrationSlope, recalibrationIntercept,
           spiegelhalter: {z, p}, hosmerLemeshow: {chisq, df, p}, delongTest: {z, p}, netBenefit: [...] }
           survival: { n, nEvents, harrellC, harrellCse, unoC, timeDependent: [ {time, auc, brier} ], ibs }
           A statistic that is undefined on these data (e.g. the AUC at a time before the first event)
           is null, with a warning on stderr saying why.
  --missing error|drop   patients with a missing score or outcome: an error (default) or left out
${READ_USAGE}`;

/** `radsig metrics`. */
export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'discrimination, calibration and decision curves of a score',
  usage: USAGE,
  async run(argv: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(
      'metrics',
      argv,
      {
        score: { type: 'string' },
        outcome: { type: 'string' },
        positive: { type: 'string' },
        time: { type: 'string' },
        event: { type: 'string' },
        'event-value': { type: 'string' },
        times: { type: 'string' },
        tau: { type: 'string' },
        'survival-prob': { type: 'string' },
        'score-type': { type: 'string' },
        compare: { type: 'string' },
        dca: { type: 'string' },
        json: { type: 'boolean' },
        ...READ_OPTIONS,
        missing: { type: 'string' },
      },
      { min: 1, max: 1, names: 'TABLE' },
    );
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    const survival = values.time !== undefined || values.event !== undefined;
    // the other kind's options would be silently ignored (a --compare that compares nothing)
    const foreign = (survival ? ['outcome', 'positive', 'score-type', 'compare'] : ['times', 'tau', 'survival-prob', 'event-value']).find((k) => values[k] !== undefined);
    if (foreign !== undefined) {
      throw new ParameterError(`metrics: --${foreign} is for ${survival ? 'a binary outcome (--outcome), not survival metrics (--time and --event)' : 'survival metrics (--time and --event), not a binary outcome'}`, 'USAGE');
    }
    if (survival) return survivalMetrics(values, positionals[0], io);
    const scoreName = stringOption(values, 'score');
    if (scoreName === undefined || values.outcome === undefined) throw new ParameterError('metrics: --score COL and --outcome COL are required', 'USAGE');
    const scoreType = stringOption(values, 'score-type') ?? 'probability';
    if (scoreType !== 'probability' && scoreType !== 'lp') throw new ParameterError(`--score-type must be probability or lp, got ${quote(scoreType)}`, 'USAGE');
    const compareName = stringOption(values, 'compare');
    if (compareName === scoreName) throw new ParameterError(`metrics: --compare names the same column as --score (${quote(scoreName)}); compare two different scores`, 'USAGE');
    const thresholds = parseDca(stringOption(values, 'dca'));
    const missing = scoreMissing(values);
    const table = await loadTable(io, positionals[0], readOptionsFromArgs(values));
    const spec = roleSpecFromArgs(values);
    scoreColumns(table, [['--score', scoreName], ...(compareName ? [['--compare', compareName] as const] : [])]);
    const data = datasetForCommand(table, { outcome: spec.outcome, positive: spec.positive, features: compareName ? [scoreName, compareName] : [scoreName] }, missing, ['drop']);
    noteDropped(io, data);
    const y = data.y!;
    const raw = data.X.column(0);
    const p = scoreType === 'lp' ? Float64Array.from(raw, (v) => 1 / (1 + Math.exp(-v))) : Float64Array.from(raw);
    if (scoreType === 'probability') {
      for (let i = 0; i < p.length; i++) {
        if (!(p[i] >= 0 && p[i] <= 1)) {
          // scores between 0 and 100 are percentages: read as a linear predictor they would give a silently wrong answer
          const hint = `; use --score-type lp for a linear predictor${percentHint(p) ?? ''}`;
          throw new DataError(`${table.source}: score column ${quote(scoreName)} has ${p[i]} on ${data.locate(i)}, not a probability${hint}`, 'DATA_BAD_PROBABILITY');
        }
      }
    }
    const warnings: string[] = [];
    const auc = aucDeLong(p, y);
    // calibration works on logit(p): a probability of exactly 0 or 1 has none (a large linear predictor rounds to 1)
    const extreme = p.findIndex((v) => v === 0 || v === 1);
    let reason: string | undefined;
    if (extreme >= 0) {
      const how = scoreType === 'lp' ? `the linear predictor ${raw[extreme]} on ${data.locate(extreme)} is a probability of ${p[extreme]} in double precision` : `the score is ${p[extreme]} on ${data.locate(extreme)}`;
      reason = `calibration needs probabilities strictly between 0 and 1, and ${how}`;
    }
    // the library keeps the Brier score and gives the logit-scale terms as null
    const cal = calibration(p, y);
    // statistics the library gives as null are undefined here: reported by undefinedAsNull with the reason
    const undef = (v: number | null) => (v === null ? NaN : v);
    const raw_: Record<string, unknown> = {
      n: auc.n,
      nEvents: auc.nEvents,
      auc: auc.estimate,
      aucLower: auc.lower,
      aucUpper: auc.upper,
      youden: youdenThreshold(p, y),
      brier: cal.brier,
      scaledBrier: cal.scaledBrier,
      calibrationIntercept: undef(cal.calibrationIntercept),
      calibrationSlope: undef(cal.calibrationSlope),
      recalibrationIntercept: undef(cal.recalibrationIntercept),
      spiegelhalter: { z: undef(cal.spiegelhalterZ), p: undef(cal.spiegelhalterP) },
      hosmerLemeshow: { chisq: undef(cal.hosmerLemeshow.chisq), df: cal.hosmerLemeshow.df, p: undef(cal.hosmerLemeshow.p) },
    };
    if (compareName) {
      const t = delongTest(raw, data.X.column(1), y);
      raw_.delongTest = { z: t.z, p: t.p };
    }
    if (thresholds) raw_.netBenefit = netBenefit(p, y, thresholds);
    const constant = p.every((v) => v === p[0]);
    if (constant) reason = `the score ${quote(scoreName)} is the same for every patient`;
    else if (reason === undefined && cal.warnings.length > 0) reason = cal.warnings.map((w) => w.replace(/^calibration: /, '')).join('; ');
    const result = undefinedAsNull(raw_, warnings, reason) as Record<string, unknown>;
    printWarnings(io, warnings);
    if (values.json) io.stdout(toJsonText(result));
    else {
      const f = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NA' : x.toFixed(3));
      const lines = [
        `${scoreName} on ${auc.n} patients (${auc.nEvents} events)`,
        `AUC ${f(finiteOrNull(auc.estimate))} (95% CI ${f(finiteOrNull(auc.lower))} to ${f(finiteOrNull(auc.upper))}, DeLong)`,
        `calibration: intercept ${f(cal.calibrationIntercept)}, slope ${f(cal.calibrationSlope)}, Brier ${f(cal.brier)} (scaled ${f(cal.scaledBrier)}), Hosmer-Lemeshow p ${f(cal.hosmerLemeshow.p)}`,
      ];
      if (raw_.delongTest) lines.push(`versus ${compareName}: DeLong z ${f((raw_.delongTest as { z: number }).z)}, p ${f((raw_.delongTest as { p: number }).p)}`);
      io.stdout(lines.join('\n') + '\n');
    }
    return 0;
  },
};

/** Checks that the columns named by --score, --compare and --survival-prob exist, naming the flag. */
function scoreColumns(table: Table, named: readonly (readonly [string, string])[]): void {
  for (const [flag, name] of named) table.column(name, flag);
}

function parseDca(text: string | undefined): number[] | null {
  if (text === undefined) return null;
  const parts = text.split(',').map(Number);
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x)) || !(parts[0] > 0 && parts[1] < 1 && parts[2] > 0 && parts[0] <= parts[1])) {
    throw new ParameterError(`--dca must be FROM,TO,BY with 0 < FROM <= TO < 1 and BY > 0, got ${quote(text)}`, 'USAGE');
  }
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const t = Math.round((parts[0] + k * parts[2]) * 1e12) / 1e12;
    if (t > parts[1] + 1e-12) break;
    out.push(t);
  }
  return out;
}

async function survivalMetrics(values: ParsedArgs['values'], path: string, io: CliIo): Promise<number> {
  const scoreName = stringOption(values, 'score');
  const timeName = stringOption(values, 'time');
  const eventName = stringOption(values, 'event');
  if (scoreName === undefined || timeName === undefined || eventName === undefined) throw new ParameterError('metrics: --score COL, --time COL and --event COL are required for survival metrics', 'USAGE');
  const times = numberListOption(values, 'times', { min: 0, exclusiveMin: true }) ?? [];
  const tau = values.tau === undefined ? Infinity : (numberListOption(values, 'tau', { min: 0, exclusiveMin: true, single: true }) as number[])[0];
  const probNames = (stringOption(values, 'survival-prob') ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
  if (probNames.length > 0 && probNames.length !== times.length) throw new ParameterError(`--survival-prob needs one column per time in --times (${times.length}), got ${probNames.length}`, 'USAGE');
  if (probNames.length > 1 && times.some((t, k) => k > 0 && t <= times[k - 1])) throw new ParameterError(`--times must increase when --survival-prob gives predictions for the integrated Brier score, got ${times.join(',')}`, 'USAGE');
  for (const name of probNames) {
    if (name === scoreName) throw new ParameterError(`metrics: --survival-prob names the --score column ${quote(name)}; give the predicted survival probabilities at each time`, 'USAGE');
  }
  if (new Set(probNames).size !== probNames.length) throw new ParameterError(`metrics: --survival-prob names a column twice (${probNames.join(',')})`, 'USAGE');
  const missing = scoreMissing(values);
  const table = await loadTable(io, path, readOptionsFromArgs(values));
  const eventValue = stringOption(values, 'event-value');
  scoreColumns(table, [['--score', scoreName], ...probNames.map((name) => ['--survival-prob', name] as const)]);
  const data = datasetForCommand(table, { time: timeName, event: eventName, ...(eventValue !== undefined ? { eventValue } : {}), features: [scoreName, ...probNames] }, missing, ['drop']);
  noteDropped(io, data);
  const score = data.X.column(0);
  const time = data.time!;
  const event = data.event!;
  for (let k = 0; k < probNames.length; k++) {
    const column = data.X.column(k + 1);
    for (let i = 0; i < column.length; i++) {
      if (!(column[i] >= 0 && column[i] <= 1)) throw new DataError(`${table.source}: survival probability column ${quote(probNames[k])} has ${column[i]} on ${data.locate(i)}, not a probability${percentHint(column) ?? ''}`, 'DATA_BAD_PROBABILITY');
    }
  }
  const warnings: string[] = [];
  const nEvents = event.reduce((a, b) => a + b, 0);
  if (nEvents === 0) throw new DataError(`${table.source}: event column ${quote(eventName)} has no events among the ${data.n} patients used; the C-index and time-dependent metrics need events`, 'DATA_NO_EVENTS');
  const harrell = concordanceIndex(score, time, event);
  const uno = concordanceIndex(score, time, event, { timewt: 'n/G2', tau });
  const timeDependent = times.map((t, k) => {
    const risk = probNames.length > 0 ? Float64Array.from(data.X.column(k + 1), (s) => 1 - s) : null;
    let auc: number | null = null;
    try {
      auc = timeDependentAuc(risk ?? score, time, event, t);
    } catch (error) {
      if (!(error instanceof DataError) || (error.code !== 'DATA_NO_CASES' && error.code !== 'DATA_NO_CONTROLS')) throw error;
      warnings.push(`${error.message.replace(/^timeDependentAuc: /, '')}; it is null`);
    }
    return { time: t, auc, brier: risk ? brierScore(risk, time, event, t) : null };
  });
  const brier = timeDependent.map((x) => x.brier);
  const ibs = probNames.length > 0 && times.length > 1 ? integratedBrierScore(times, brier as number[]) : null;
  const raw: Record<string, unknown> = { n: data.n, nEvents: harrell.nEvents, harrellC: harrell.estimate, harrellCse: harrell.se, unoC: uno.estimate, timeDependent, ibs };
  const thresholds = parseDca(stringOption(values, 'dca'));
  if (thresholds) {
    if (probNames.length === 0) throw new ParameterError('metrics: --dca for survival needs --survival-prob (predicted survival at each of --times)', 'USAGE');
    raw.netBenefit = times.flatMap((t, k) => survivalNetBenefit(Float64Array.from(data.X.column(k + 1), (s) => 1 - s), time, event, t, thresholds).map((x) => ({ time: t, ...x })));
  }
  const constant = score.every((v) => v === score[0]);
  const result = undefinedAsNull(raw, warnings, constant ? `the score ${quote(scoreName)} is the same for every patient` : undefined) as Record<string, unknown>;
  printWarnings(io, warnings);
  if (values.json) io.stdout(toJsonText(result));
  else {
    const f = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NA' : x.toFixed(3));
    const lines = [
      `${scoreName} on ${data.n} patients (${harrell.nEvents} events)`,
      `Harrell's C ${f(harrell.estimate)} (se ${f(harrell.se)}), Uno's C ${f(uno.estimate)}${Number.isFinite(tau) ? ` (tau ${tau})` : ''}`,
      ...timeDependent.map((x) => `t = ${x.time}: AUC ${f(x.auc)}${x.brier !== null ? `, Brier ${f(x.brier)}` : ''}`),
    ];
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}

/** `--missing error|drop` for scores (imputing a score makes no sense). */
function scoreMissing(values: ParsedArgs['values']): 'error' | 'drop' {
  const v = stringOption(values, 'missing') ?? 'error';
  if (v !== 'error' && v !== 'drop') throw new ParameterError(`metrics: --missing must be error or drop (patients with a missing score or outcome are left out), got ${quote(v)}`, 'USAGE');
  return v;
}

function noteDropped(io: CliIo, data: Dataset): void {
  if (data.droppedRows.length > 0) io.stderr(`radsig: note: ${data.droppedRows.length} ${data.droppedRows.length === 1 ? 'row' : 'rows'} with missing values left out (--missing drop)\n`);
}

/** A hint when every value is between 0 and 100 (and one above 1): the column looks like percentages. */
function percentHint(values: ArrayLike<number>): string | undefined {
  let above = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v <= 100)) return undefined;
    if (v > 1) above = true;
  }
  return above ? ' (every value is between 0 and 100: if these are percentages, divide them by 100)' : undefined;
}
