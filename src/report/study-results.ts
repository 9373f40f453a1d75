/**
 * The shape of a run's results.json as the report reads it (written by runStudy in
 * src/pipeline/run-study.ts). Every part the report draws is optional here: the report shows what a
 * run has and says what it lacks, so results of older or partial runs still render.
 */

/** An interval estimate of an external measure. */
export interface ExternalValue {
  value: number | null;
  lower: number | null;
  upper: number | null;
  method: string | null;
}

/** A bootstrap-validated measure (Harrell's optimism, .632+ for discrimination). */
export interface BootstrapMetric {
  apparent: number | null;
  optimism: number | null;
  corrected: number | null;
  method: string;
  oob?: number | null;
  /** Efron's plain .632 estimate (discrimination). */
  point632?: number | null;
  /** A forest (`method: "out-of-bag bootstrap"`): the .632+ estimate from its in-bag values, for reference. */
  plus632?: number | null;
  harrell?: { optimism: number | null; corrected: number | null };
  resamples: number;
}

/** A cross-validated measure. */
export interface CvMetric {
  mean: number | null;
  sd: number | null;
  folds: number;
  /** Each repeat's out-of-fold predictions pooled, one value per repeat, the mean over repeats; interval for AUC and C only. */
  pooled?: { estimate: number | null; lower: number | null; upper: number | null; sdOverRepeats: number | null; repeats: number };
}

/** Which predictions a curve or comparison comes from. */
export type PredictionSource = 'apparent' | 'oob' | 'cv' | 'bootstrap' | 'external';

/** One row of a coefficient table (logistic and Cox share it). */
export interface CoefficientRow {
  term: string;
  estimate: number | null;
  se: number | null;
  z: number | null;
  p: number | null;
  lower: number | null;
  upper: number | null;
  ratio: number | null;
  ratioLower: number | null;
  ratioUpper: number | null;
}

/** A nomogram as src/models/nomogram.ts computes it. */
export interface NomogramResult {
  axes: { name: string; values: number[]; labels: string[]; xbeta?: number[]; points: number[] }[];
  scale: number;
  offset: number;
  totalPoints: number[];
  totalPointsLabels?: string[];
  lpAxis?: { lp: number[]; labels: string[]; points: number[] };
  functionAxes: { name: string; values: number[]; labels: string[]; points: number[] }[];
}

/** A binary ROC curve with its DeLong interval and Youden point. */
export interface RocResult {
  fpr: number[];
  tpr: number[];
  auc: number | null;
  lower: number | null;
  upper: number | null;
  youden?: { threshold: number; sensitivity: number; specificity: number; ppv?: number; npv?: number } | null;
}

/** Binary curves of one data set. */
export interface BinaryCurves {
  roc?: RocResult | null;
  decision?: { threshold: number; model: number | null; treatAll: number | null }[] | null;
  histogram?: { from: number; to: number; count: number }[];
  calibration?: { grid: number[]; apparent: (number | null)[]; corrected?: (number | null)[]; resamples?: number };
  /** Development, validated: the apparent ROC curve, kept as a labelled reference. */
  apparentRoc?: RocResult | null;
  /** The predictions each curve comes from. */
  predictions?: Record<string, PredictionSource>;
}

/** A Kaplan-Meier curve of one risk group. */
export interface RiskGroupCurve {
  group: string;
  n: number;
  events: number;
  curve: { time: number[]; survival: number[]; lower: (number | null)[]; upper: (number | null)[] } | null;
  median?: number | null;
  atRisk: { time: number; n: number }[];
}

/** Survival curves of one data set. */
export interface SurvivalCurves {
  riskGroups?: { labels: string[]; ticks: number[]; groups: RiskGroupCurve[]; logRank: { chisq: number; df: number; p: number | null } | null; band?: string | null; note?: string };
  tdAuc?: { time: number; auc: number | null }[];
  calibration?: { horizon: number; groups: { group: number; n: number | null; events: number | null; predicted: number | null; observed: number | null; apparent?: number | null; lower: number | null; upper: number | null }[] | null; reason?: string; method?: string }[];
  observedExpected?: { horizon: number; observed: number | null; expected: number | null; ratio: number | null; splits?: number; reason?: string }[];
  decision?: { horizon: number; curve: { threshold: number; model: number | null; treatAll: number | null }[] | null; reason?: string }[];
  predictions?: Record<string, PredictionSource>;
}

/** One model's entry of results.json. */
export interface ModelResult {
  family: 'binary' | 'survival';
  kind?: string;
  apparent: Record<string, number | null>;
  /** A random survival forest: its out-of-bag measures (its development performance, as ranger reports it). */
  outOfBag?: Record<string, number | null> & { patients: number };
  /** `resubstitution` for a forest: its apparent values are its own training patients' in-bag predictions. */
  apparentIs?: string;
  /** `validation.method: "both"`: the repeated cross-validation summarised beside the bootstrap (the headline). */
  crossValidation?: { method: 'cv'; folds?: number; repeats?: number; succeeded?: number; metrics: Record<string, CvMetric> } | null;
  validation?: { method: 'bootstrap' | 'cv'; B?: number; folds?: number; repeats?: number; succeeded?: number; metrics: Record<string, BootstrapMetric | CvMetric> };
  external?: Record<string, ExternalValue>;
  coefficients?: CoefficientRow[];
  featureNames?: string[];
  fit?: { n: number; nEvents: number; logLik?: number | number[]; nullLogLik?: number; lrTest?: { chisq: number; df: number; p: number } | null; tests?: { likelihoodRatio?: { chisq: number; df: number; p: number } }; aic?: number; warnings?: string[] };
  nomogram?: NomogramResult | null;
  ranges?: { feature: string; min: number; max: number }[];
  forest?: { trees: number; options: Record<string, unknown>; oobCIndex: number | null; importance: { feature: string; importance: number }[] | null };
  signature?: { lambda: number; intercept: number; terms: { name: string; coef: number }[] };
  curves?: { cutoffs?: number[]; development?: BinaryCurves & SurvivalCurves; external?: BinaryCurves & SurvivalCurves };
}

/** results.json of a run. */
export interface StudyResults {
  radsigVersion: string;
  seed: number;
  /** The run's fingerprint (the resolved study with its seed, and the development data), shared with its model.json. */
  fingerprint?: string;
  study: {
    title?: string;
    description?: string;
    data: { train: string; external?: string; repeats?: string; id?: string; missing?: string };
    outcome: { type: 'binary' | 'survival'; column?: string; positive?: unknown; time?: string; event?: string; horizons?: number[] };
    clinical: string[];
    steps: Record<string, Record<string, unknown> | undefined>;
    models: { name: string }[];
    validation: { method: string; B?: number; folds?: number; repeats?: number; seed: number };
    external?: { batch?: unknown; column?: string };
  };
  outcome: { type: 'binary' | 'survival'; column?: string; positive?: unknown; time?: string; event?: string; eventValue?: unknown; horizons?: number[] };
  n: number;
  nPositive?: number;
  nEvents?: number;
  data: {
    train: DataSummary;
    external?: DataSummary & { description?: string | null };
    features: { candidates: number; imageTypes: Record<string, number>; clinical: string[] };
    missing?: string;
  };
  steps: {
    imputation?: { strategy: string; filled: Record<string, unknown>[] };
    harmonize?: {
      settings?: Record<string, unknown>;
      options?: Record<string, unknown>;
      batches: { level: string; n: number }[];
      shareSignificantBefore: { anova: number | null; kruskal: number | null };
      shareSignificantAfter: { anova: number | null; kruskal: number | null };
      mostAffected: { feature: string; anovaPBefore: number | null; anovaPAfter: number | null; values: { batch: string; before: (number | null)[]; after: (number | null)[] }[] }[];
      unadjusted?: string[];
      warnings?: string[];
    };
    variance?: { settings?: Record<string, unknown>; kept: string[]; dropped: string[] };
    reproducibility?: { settings?: Record<string, unknown>; subjects: number; raters: number; kept: string[]; dropped: string[]; icc: { feature: string; icc: number | null; lower: number | null; upper: number | null; kept: boolean }[] };
    redundancy?: { settings?: Record<string, unknown>; kept: string[]; dropped: string[]; representedBy: { feature: string; representedBy: string; correlation: number }[] };
    select?: {
      settings?: Record<string, unknown>;
      lambda: number;
      rule: string;
      features: { name: string; coef: number }[];
      intercept: number;
      formula: string;
      cv: { measure: string; lambda: number[]; cvm: (number | null)[]; cvsd: (number | null)[]; nzero: number[]; lambdaMin: number; lambda1se: number; warnings?: string[] };
      path: { lambda: number[]; features: { name: string; coef: number[] }[] };
      selectionFrequency: Record<string, number>;
      /** Signature features selected in no resample, with the correlated features selected in their place. */
      selectionNotes?: { feature: string; standIns: { feature: string; correlation: number; frequency: number }[]; explanation: string }[];
      resamples: number;
      stability?: { B: number; failed: number; frequency: Record<string, number> };
    };
  };
  models: Record<string, ModelResult>;
  comparisons: Comparison[];
  validation: { method: string; tasks: number; failed: number; failures: { reason: string; count: number }[] };
  warnings: string[];
  /** Explanations of numbers that look wrong but are as they should be (e.g. a penalized Rad-score's calibration slope above 1). */
  notes?: string[];
}

/**
 * A comparison of two models: validated on the development patients (`contrasts`, one per measure,
 * from held-out predictions), or one paired test on external (or, without validation, apparent) predictions.
 */
export interface Comparison {
  models: [string, string];
  data: string;
  predictions?: PredictionSource;
  method: string;
  interval?: string;
  contrasts?: { metric: string; estimate: number | null; sd: number | null; lower: number | null; upper: number | null; firstBetter: number | null; splits: number }[];
  metric?: string;
  estimate?: number | null;
  auc?: number[];
  cIndex?: (number | null)[];
  z?: number | null;
  lower?: number | null;
  upper?: number | null;
  p?: number | null;
  reason?: string;
}

/** The description of one data set. */
export interface DataSummary {
  source: string;
  n: number;
  droppedRows: number;
  nPositive?: number;
  nEvents?: number;
  medianFollowUp?: number | null;
  personTime?: number;
  batches?: { level: string; n: number; nPositive?: number; nEvents?: number }[];
}
