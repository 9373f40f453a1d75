import { DataError, ParameterError } from '../../core/errors.js';
import { quote } from '../../core/messages.js';
import { buildDataset } from '../../data/dataset.js';
import { aucDeLong, calibration, delongTest, netBenefit, youdenThreshold } from '../../validate/binary-metrics.js';
import { concordanceIndex } from '../../stats/concordance.js';
import { survivalNetBenefit } from '../../validate/survival-utility.js';
import { brierScore, integratedBrierScore, timeDependentAuc } from '../../validate/time-dependent.js';
import { parseCommandArgs, stringOption } from '../args.js';
import type { CliIo } from '../cli-io.js';
import { loadTable, toJsonText, type Command } from '../command.js';
import { delimiterFromArgs, roleSpecFromArgs } from '../role-options.js';

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
           spiegelhalter: {z, p}, hosmerLemeshow: {chisq, df, p}, delongTest: {z, p}, netBenefit: [...] }`;

/** `radsig metrics`. */
export const metricsCommand: Command = {
  name: 'metrics',
  summary: 'discrimination, calibration and decision curves of a score',
  usage: USAGE,
  run(argv: string[], io: CliIo): number {
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
        delimiter: { type: 'string' },
      },
      { min: 1, max: 1, names: 'TABLE' },
    );
    if (values.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (values.time !== undefined || values.event !== undefined) return survivalMetrics(values, positionals[0], io);
    const scoreName = stringOption(values, 'score');
    if (scoreName === undefined || values.outcome === undefined) throw new ParameterError('metrics: --score COL and --outcome COL are required', 'USAGE');
    const scoreType = stringOption(values, 'score-type') ?? 'probability';
    if (scoreType !== 'probability' && scoreType !== 'lp') throw new ParameterError(`--score-type must be probability or lp, got ${quote(scoreType)}`, 'USAGE');
    const compareName = stringOption(values, 'compare');
    const thresholds = parseDca(stringOption(values, 'dca'));
    const table = loadTable(io, positionals[0], { delimiter: delimiterFromArgs(values) });
    const spec = roleSpecFromArgs(values);
    const data = buildDataset(table, { outcome: spec.outcome, positive: spec.positive, features: compareName ? [scoreName, compareName] : [scoreName] });
    const y = data.y!;
    const raw = data.X.column(0);
    const p = scoreType === 'lp' ? Float64Array.from(raw, (v) => 1 / (1 + Math.exp(-v))) : Float64Array.from(raw);
    if (scoreType === 'probability') {
      for (let i = 0; i < p.length; i++) {
        if (!(p[i] >= 0 && p[i] <= 1)) throw new DataError(`${table.source}: score column ${quote(scoreName)} has ${p[i]} on ${data.locate(i)}, not a probability; use --score-type lp for a linear predictor`, 'DATA_BAD_PROBABILITY');
      }
    }
    const auc = aucDeLong(p, y);
    const cal = calibration(p, y);
    const result: Record<string, unknown> = {
      n: auc.n,
      nEvents: auc.nEvents,
      auc: auc.estimate,
      aucLower: auc.lower,
      aucUpper: auc.upper,
      youden: youdenThreshold(p, y),
      brier: cal.brier,
      scaledBrier: cal.scaledBrier,
      calibrationIntercept: cal.calibrationIntercept,
      calibrationSlope: cal.calibrationSlope,
      recalibrationIntercept: cal.recalibrationIntercept,
      spiegelhalter: { z: cal.spiegelhalterZ, p: cal.spiegelhalterP },
      hosmerLemeshow: { chisq: cal.hosmerLemeshow.chisq, df: cal.hosmerLemeshow.df, p: cal.hosmerLemeshow.p },
    };
    if (compareName) {
      const t = delongTest(raw, data.X.column(1), y);
      result.delongTest = { z: t.z, p: t.p };
    }
    if (thresholds) result.netBenefit = netBenefit(p, y, thresholds);
    if (values.json) io.stdout(toJsonText(result));
    else {
      const f = (x: number | null) => (x === null ? 'NA' : x.toFixed(3));
      const lines = [
        `${scoreName} on ${auc.n} patients (${auc.nEvents} events)`,
        `AUC ${f(auc.estimate)} (95% CI ${f(auc.lower)} to ${f(auc.upper)}, DeLong)`,
        `calibration: intercept ${f(cal.calibrationIntercept)}, slope ${f(cal.calibrationSlope)}, Brier ${f(cal.brier)} (scaled ${f(cal.scaledBrier)}), Hosmer-Lemeshow p ${f(cal.hosmerLemeshow.p)}`,
      ];
      if (result.delongTest) lines.push(`versus ${compareName}: DeLong z ${f((result.delongTest as { z: number }).z)}, p ${f((result.delongTest as { p: number }).p)}`);
      io.stdout(lines.join('\n') + '\n');
    }
    for (const w of cal.warnings) io.stderr(`radsig: warning: ${w}\n`);
    return 0;
  },
};

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

function survivalMetrics(values: Record<string, string | boolean | undefined>, path: string, io: CliIo): number {
  const scoreName = stringOption(values, 'score');
  const timeName = stringOption(values, 'time');
  const eventName = stringOption(values, 'event');
  if (scoreName === undefined || timeName === undefined || eventName === undefined) throw new ParameterError('metrics: --score COL, --time COL and --event COL are required for survival metrics', 'USAGE');
  const times = (stringOption(values, 'times') ?? '').split(',').filter((x) => x.trim() !== '').map((x) => {
    const t = Number(x);
    if (!(t > 0)) throw new ParameterError(`--times must be positive numbers, got ${quote(x)}`, 'USAGE');
    return t;
  });
  const tauText = stringOption(values, 'tau');
  const tau = tauText === undefined ? Infinity : Number(tauText);
  if (!(tau > 0)) throw new ParameterError(`--tau must be a positive number, got ${quote(tauText)}`, 'USAGE');
  const probNames = (stringOption(values, 'survival-prob') ?? '').split(',').filter((x) => x.trim() !== '');
  if (probNames.length > 0 && probNames.length !== times.length) throw new ParameterError(`--survival-prob needs one column per time in --times (${times.length}), got ${probNames.length}`, 'USAGE');
  const table = loadTable(io, path, { delimiter: delimiterFromArgs(values) });
  const eventValue = stringOption(values, 'event-value');
  const data = buildDataset(table, { time: timeName, event: eventName, ...(eventValue !== undefined ? { eventValue } : {}), features: [scoreName, ...probNames] });
  const score = data.X.column(0);
  const time = data.time!;
  const event = data.event!;
  const harrell = concordanceIndex(score, time, event);
  const uno = concordanceIndex(score, time, event, { timewt: 'n/G2', tau });
  const timeDependent = times.map((t, k) => {
    const risk = probNames.length > 0 ? Float64Array.from(data.X.column(k + 1), (s) => 1 - s) : null;
    return { time: t, auc: timeDependentAuc(risk ?? score, time, event, t), brier: risk ? brierScore(risk, time, event, t) : null };
  });
  const brier = timeDependent.map((x) => x.brier);
  const ibs = probNames.length > 0 && times.length > 1 ? integratedBrierScore(times, brier as number[]) : null;
  const result: Record<string, unknown> = { n: data.n, nEvents: harrell.nEvents, harrellC: harrell.estimate, harrellCse: harrell.se, unoC: uno.estimate, timeDependent, ibs };
  const thresholds = parseDca(stringOption(values, 'dca'));
  if (thresholds) {
    if (probNames.length === 0) throw new ParameterError('metrics: --dca for survival needs --survival-prob (predicted survival at each of --times)', 'USAGE');
    result.netBenefit = times.flatMap((t, k) => survivalNetBenefit(Float64Array.from(data.X.column(k + 1), (s) => 1 - s), time, event, t, thresholds).map((x) => ({ time: t, ...x })));
  }
  if (values.json) io.stdout(toJsonText(result));
  else {
    const f = (x: number | null) => (x === null ? 'NA' : x.toFixed(3));
    const lines = [
      `${scoreName} on ${data.n} patients (${harrell.nEvents} events)`,
      `Harrell's C ${f(harrell.estimate)} (se ${f(harrell.se)}), Uno's C ${f(uno.estimate)}${Number.isFinite(tau) ? ` (tau ${tau})` : ''}`,
      ...timeDependent.map((x) => `t = ${x.time}: AUC ${f(x.auc)}${x.brier !== null ? `, Brier ${f(x.brier)}` : ''}`),
    ];
    io.stdout(lines.join('\n') + '\n');
  }
  return 0;
}
