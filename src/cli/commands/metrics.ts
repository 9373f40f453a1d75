import { DataError, ParameterError } from '../../core/errors.js';
import { quote } from '../../core/messages.js';
import { buildDataset } from '../../data/dataset.js';
import { aucDeLong, calibration, delongTest, netBenefit, youdenThreshold } from '../../validate/binary-metrics.js';
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
the two AUCs. Survival metrics (--time/--event) are not available yet.

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
    if (values.time !== undefined || values.event !== undefined) throw new ParameterError('metrics: survival metrics (--time/--event) are not implemented yet; binary outcomes only', 'USAGE');
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
      const f = (x: number) => x.toFixed(3);
      const lines = [
        `${scoreName} on ${auc.n} patients (${auc.nEvents} events)`,
        `AUC ${f(auc.estimate)} (95% CI ${f(auc.lower)} to ${f(auc.upper)}, DeLong)`,
        `calibration: intercept ${f(cal.calibrationIntercept)}, slope ${f(cal.calibrationSlope)}, Brier ${f(cal.brier)} (scaled ${f(cal.scaledBrier)}), Hosmer-Lemeshow p ${f(cal.hosmerLemeshow.p)}`,
      ];
      if (result.delongTest) lines.push(`versus ${compareName}: DeLong z ${f((result.delongTest as { z: number }).z)}, p ${f((result.delongTest as { p: number }).p)}`);
      io.stdout(lines.join('\n') + '\n');
    }
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
