/**
 * The results schema's curves: the data of the report's charts for one model on the development
 * or the external patients, binary (ROC, calibration, prediction histogram, decision curves) and
 * survival (Kaplan-Meier risk groups, td-AUC over time, calibration, observed/expected and decision
 * curves at each horizon), each with the predictions it was drawn from.
 */
import type { Static } from '@sinclair/typebox';
import { count, described, keyed, list, num, numbers, obj, oneOf, optional, orNull, stat, stats, text, textOrNull, texts } from './schema-builders.js';

const SOURCE_TEXT =
  '`apparent` (the development fit on its own patients), `bootstrap` (each resample\'s out-of-bag patients scored by that resample\'s model), `cv` (each repeat\'s out-of-fold predictions), `external` (the external patients)';

/** Which predictions a curve or a comparison comes from. */
export const PredictionSource = oneOf(`The predictions it comes from: ${SOURCE_TEXT}.`, ['apparent', 'oob', 'cv', 'bootstrap', 'external'] as const);

const predictions = (curves: string) => keyed(`Per curve, the predictions it was drawn from: ${SOURCE_TEXT}.`, `^(${curves})$`, PredictionSource);

const splits = () => optional(count('Held out: the resamples or repeats it is averaged over.'));

/** A ROC curve. */
export const Roc = obj('A ROC curve.', {
  fpr: numbers('False-positive rates (1 - specificity), 0 to 1; held out: 0, 0.01, ..., 1.'),
  tpr: stats('True-positive rates (sensitivity) at those false-positive rates; held out: the mean over splits (vertical averaging).'),
  auc: stat('The area under the curve; held out: the mean of the splits\' AUCs.'),
  lower: stat('The lower end of its 95% interval (DeLong), or held out the 2.5th percentile over 20 or more splits.'),
  upper: stat('The upper end (DeLong), or held out the 97.5th percentile.'),
  splits: splits(),
  youden: optional(
    orNull(
      obj('The threshold that maximises Youden\'s J (sensitivity + specificity - 1), as pROC\'s coords(best.method = "youden").', {
        threshold: stat('The predicted probability at which a patient is called positive (at or above it).'),
        sensitivity: num('Sensitivity at that threshold.'),
        specificity: num('Specificity at that threshold.'),
        ppv: optional(stat('Positive predictive value at that threshold, in these patients.')),
        npv: optional(stat('Negative predictive value at that threshold, in these patients.')),
      }),
    ),
  ),
});

const decisionPoint = obj('Net benefit at one threshold probability (Vickers and Elkin): TP/n - FP/n x t/(1 - t).', {
  threshold: num('The threshold probability t.'),
  model: stat('The model\'s net benefit (held out: the mean over splits, Vickers\' cross-validated net benefit).'),
  treatAll: stat('The net benefit of treating every patient.'),
});

/** Binary curves of one data set. */
export const BinaryCurves = obj('The binary curves of one data set.', {
  roc: optional(orNull(Roc)),
  apparentRoc: optional(orNull(described(Roc, 'Development, validated: the apparent ROC curve, kept as a labelled reference.'))),
  decision: optional(orNull(list('Decision curve: net benefit at thresholds 0.01 to 0.99.', decisionPoint))),
  histogram: optional(list('The distribution of predicted probabilities in twentieths (apparent on the development patients).', obj('One bin.', { from: num('Lower edge.'), to: num('Upper edge.'), count: count('Patients predicted in [from, to).') }))),
  calibration: optional(
    obj('The calibration curve: observed against predicted probability on a grid of predicted probabilities.', {
      grid: numbers('Predicted probabilities (50 points over the range of development predictions).'),
      apparent: stats('The LOWESS-smoothed observed proportion at each grid point on the apparent predictions (a reference; null outside their range).'),
      corrected: optional(stats('Validated: bootstrap optimism-corrected as rms::calibrate (apparent - mean optimism), or CV the mean of each repeat\'s out-of-fold curve.')),
      resamples: optional(count('The resamples or repeats the correction uses.')),
    }),
  ),
  predictions: optional(predictions('roc|apparentRoc|decision|histogram|calibration')),
});

const survivalCurve = obj('A Kaplan-Meier curve.', {
  time: numbers('Times (held out: a common grid).'),
  survival: stats('Survival probability (held out: the mean over splits; null where no split reaches the time).'),
  lower: stats('Lower end of the band (log-log 95% interval; held out: the 2.5th percentile over splits).'),
  upper: stats('Upper end of the band.'),
  censored: optional(numbers('The times at which patients were censored (a curve of real patients; none for a held-out curve averaged over splits), drawn as marks on the curve.')),
});

const riskGroup = obj('One risk group.', {
  group: text('Its label (`low risk`, `high risk`).'),
  n: stat('Patients (held out: the mean over splits).'),
  events: stat('Events (held out: the mean over splits).'),
  curve: orNull(survivalCurve),
  median: optional(stat('Median survival time (null when not reached).')),
  atRisk: list('Numbers at risk at the axis ticks (held out: the mean over splits).', obj('At one time.', { time: num('The time.'), n: stat('Patients at risk.') })),
  splits: splits(),
});

const calibrationGroup = obj('One group of patients (a fifth of predicted survival).', {
  group: count('Its rank, 1 = the lowest predicted survival.'),
  n: stat('Patients.'),
  events: stat('Events.'),
  predicted: stat('Mean predicted survival at the horizon.'),
  observed: stat('Observed (Kaplan-Meier) survival at the horizon; bootstrap: bias-corrected as rms::calibrate (apparent - optimism).'),
  apparent: optional(stat('Bootstrap: the apparent Kaplan-Meier survival of the group.')),
  optimism: optional(stat('Bootstrap: the mean optimism over resamples.')),
  optimismSe: optional(stat('Bootstrap: the Monte Carlo standard error of that optimism.')),
  resamples: optional(count('Bootstrap: the resamples that yielded the group.')),
  lower: stat('Lower end of the observed value\'s 95% interval (null when corrected).'),
  upper: stat('Upper end of that interval.'),
});

const horizonReason = optional(text('Why it is missing at this horizon (e.g. at or beyond the last follow-up).'));

/** Survival curves of one data set. */
export const SurvivalCurves = obj('The survival curves of one data set.', {
  riskGroups: optional(
    orNull(
      obj('Kaplan-Meier curves of the risk groups. Held out: each patient grouped at the median risk the model predicting them learned on its own training patients (Simon et al. 2011), curves averaged over splits on a time grid; external: the development cut-off, 95% bands, log-rank test.', {
        labels: texts('The groups\' labels, lowest risk first.'),
        ticks: numbers('Times of the numbers-at-risk table.'),
        groups: list('The groups.', riskGroup),
        logRank: orNull(obj('The log-rank test (none held out, which would need a permutation of the whole development).', { chisq: num('Chi-square.'), df: count('Degrees of freedom.'), p: stat('p-value.') })),
        band: optional(textOrNull('What the shading is.')),
        note: optional(text('How the groups were formed.')),
      }),
    ),
  ),
  tdAuc: optional(list('Time-dependent AUC (cumulative/dynamic, IPCW) over time.', obj('At one time.', { time: num('The time.'), auc: stat('The td-AUC.') }))),
  calibration: optional(
    list('Calibration at each horizon: predicted against observed survival in fifths of predicted survival.', obj('At one horizon.', {
      horizon: num('The horizon.'),
      groups: orNull(list('The groups.', calibrationGroup)),
      cuts: optional(numbers('Bootstrap: the cut points of the fifths, from the development fit.')),
      method: optional(text('How it is corrected (bootstrap: rms::calibrate(cmethod = "KM")).')),
      splits: splits(),
      reason: horizonReason,
    })),
  ),
  observedExpected: optional(
    list('Observed Kaplan-Meier risk against mean predicted risk at each horizon (held out: on held-out patients, averaged over splits).', obj('At one horizon.', {
      horizon: num('The horizon.'),
      observed: stat('Observed risk of an event by the horizon (1 - Kaplan-Meier).'),
      expected: stat('Mean predicted risk.'),
      ratio: stat('Observed / expected.'),
      splits: splits(),
      reason: horizonReason,
    })),
  ),
  decision: optional(
    list('Decision curves at each horizon (net benefit of treating by the predicted risk of an event by then).', obj('At one horizon.', {
      horizon: num('The horizon.'),
      curve: orNull(list('Net benefit at thresholds 0.01 to 0.99.', decisionPoint)),
      splits: splits(),
      reason: horizonReason,
    })),
  ),
  predictions: optional(predictions('riskGroups|tdAuc|calibration|observedExpected|decision')),
});

/** Which predictions a curve or a comparison comes from. */
export type PredictionSource = Static<typeof PredictionSource>;
/** A ROC curve. */
export type Roc = Static<typeof Roc>;
/** Binary curves of one data set. */
export type BinaryCurves = Static<typeof BinaryCurves>;
/** Survival curves of one data set. */
export type SurvivalCurves = Static<typeof SurvivalCurves>;
/** A survival model's Kaplan-Meier risk groups. */
export type RiskGroups = NonNullable<SurvivalCurves['riskGroups']>;
