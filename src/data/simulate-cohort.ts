/**
 * A simulated multi-centre hepatocellular carcinoma cohort with PyRadiomics-style features: the
 * demo's data, and a tool for power calculations and teaching.
 */
import { checkInteger, checkNumber, resolveOptions } from '../core/checks.js';
import { ParameterError } from '../core/errors.js';
import { Rng } from '../core/rng.js';
import { SIMULATED_SCANNERS, simulatedFeatureCatalogue } from './simulated-feature-catalogue.js';
import { numericColumn, Table, textColumn, type Column } from './table.js';

/** Options of {@link simulateCohort}. */
export interface SimulateCohortOptions {
  /** @defaultValue 1 */
  seed: number;
  /** Patients. @defaultValue 300 */
  n: number;
  /** Radiomic features (PyRadiomics names, original image first, then filtered images). @defaultValue 400 */
  features: number;
  /** Centres, each with its own scanner. @defaultValue 3 */
  centers: number;
  /** Patients segmented twice, for reproducibility (ICC). @defaultValue 50 */
  repeats: number;
  /**
   * Draws new patients from the truth of `seed`: the same centres (shares, scanners, case mix),
   * features (factors, distributions, ICCs, centre effects), signature, effects and outcome models
   * as every other `patientSeed` of that `seed`, with patients from their own random streams.
   * The truth's constants that the default cohort takes from its own patients (the standardization
   * of tumour size, AFP and each feature's biology, the centres' case-mix shifts and the MVI
   * intercept giving 35% prevalence) come from the seed's reference cohort of
   * {@link REFERENCE_PATIENTS} patients, so that every draw of a truth, whatever its `n`, comes from
   * one population. Omitted: the cohort's own patients, as before this option existed.
   * @defaultValue undefined
   */
  patientSeed: number | undefined;
  /**
   * Strength of the link between the outcomes and what the features measure: a multiplier on the
   * signature's effects and on the effects of tumour size and AFP on MVI and of MVI and AFP on
   * recurrence (shape features measure tumour size, and AFP shares a biology factor with features).
   * 0 makes the outcomes independent of every feature (cirrhosis still acts on recurrence), 1 is the
   * default model, 2 doubles every such log odds or log hazard ratio.
   * @defaultValue 1
   */
  signal: number;
}

/** Patients in the reference cohort that fixes a truth's constants when drawing new patients ({@link SimulateCohortOptions.patientSeed}). */
export const REFERENCE_PATIENTS = 5000;

/** The truth behind a simulated cohort (written as `truth.json`). */
export interface CohortTruth {
  seed: number;
  n: number;
  centers: { center: string; scanner: string; n: number }[];
  /** Prevalence of MVI in the sample, and recurrences observed. */
  mviPrevalence: number;
  recurrences: number;
  /** Features that truly drive the outcomes, with effects per SD of the feature's biological (latent) value. */
  signature: { feature: string; mviLogOddsRatio: number; recurrenceLogHazardRatio: number }[];
  /** Linear predictor: intercept and clinical effects (per SD of log AFP and log tumour size). */
  mviModel: { intercept: number; logAfp: number; logTumorSize: number };
  recurrenceModel: { weibullShape: number; weibullScaleMonths: number; mvi: number; logAfp: number; cirrhosis: number };
  censoring: { administrativeMonths: [number, number]; lossRatePerMonth: number };
  /** The `signal` multiplier, present when not 1 (the effects above already include it). */
  signal?: number;
  /** The patient seed of a draw from this truth, present when given ({@link SimulateCohortOptions.patientSeed}). */
  patientSeed?: number;
  /**
   * Per feature: its latent factor, marginal distribution, true ICC (the reliability of its
   * standardized latent value, before the monotone transform to the feature's scale), and
   * the centre effects on that standardized scale (additive `shift`, multiplicative `scale`).
   */
  features: Record<string, { factor: number; distribution: Distribution; icc: number; centerShift: number[]; centerScale: number[] }>;
}

type Distribution = 'normal' | 'lognormal' | 'heavy-tailed' | 'bounded';

/** A simulated cohort. */
export interface SimulatedCohort {
  /** One row per patient: id, center, scanner, clinical covariates, outcomes, features. */
  features: Table;
  /** Two segmentations (reader 1 = the values in `features`, reader 2 = a repeat) of `repeats` patients. */
  repeats: Table;
  truth: CohortTruth;
}

export { simulatedFeatureCatalogue };

const MAX_FEATURES = simulatedFeatureCatalogue().length;

/**
 * Simulates a cohort of HCC patients from several centres.
 *
 * Each patient has latent tumour biology (independent factors) and a tumour size; each feature
 * loads on one or two factors (and shape features on size), which makes correlated blocks and
 * near-duplicates. A feature's measured value is `sqrt(icc) * biology + sqrt(1 - icc) * noise`,
 * so a second segmentation reproduces it with the stated ICC. Centre effects shift and scale the
 * standardized value (the ComBat model), which is then mapped to a realistic scale: normal,
 * log-normal (skewed), heavy-tailed (sinh) or bounded (logistic). MVI follows a logistic model and
 * recurrence a Weibull proportional-hazards model in a sparse set of features plus clinical
 * effects; recurrence is censored administratively (24-72 months) and by loss to follow-up.
 *
 * The same options give identical tables; each patient's and each feature's draws come from their
 * own forked stream, so adding features does not change the patients. With `patientSeed`, the
 * cohort is a fresh draw of `n` patients from the truth of `seed` (the same features, signature,
 * effects and centres for every patient seed), e.g. a large independent test set for a model
 * developed on another draw; `signal` scales the outcomes' dependence on the features (0: none).
 *
 * @throws ParameterError for sizes out of range.
 * @example
 * const { features, repeats, truth } = simulateCohort({ seed: 7, n: 200 });
 */
export function simulateCohort(options?: Partial<SimulateCohortOptions>): SimulatedCohort {
  const opts = resolveOptions<SimulateCohortOptions>('simulateCohort', { seed: 1, n: 300, features: 400, centers: 3, repeats: 50, patientSeed: undefined, signal: 1 }, options);
  checkInteger('simulateCohort', 'seed', opts.seed, { min: 0, max: Number.MAX_SAFE_INTEGER });
  if (opts.patientSeed !== undefined) checkInteger('simulateCohort', 'patientSeed', opts.patientSeed, { min: 0, max: Number.MAX_SAFE_INTEGER });
  checkNumber('simulateCohort', 'signal', opts.signal, { min: 0, max: 100 });
  // a draw from a truth: the truth's constants come from its reference cohort (checked first, with the caller's sizes)
  const population = opts.patientSeed === undefined ? null : (checkSizes(opts), generate({ ...opts, n: REFERENCE_PATIENTS, repeats: 0, patientSeed: undefined }, null).population);
  return generate(opts, population).cohort;
}

/**
 * The constants of a truth that the default cohort takes from its own patients: the centres'
 * case-mix shifts, the mean and SD standardizing log tumour size, log AFP and each feature's
 * biology, and the MVI intercept.
 */
interface Population {
  centerSizeShift: number[];
  centerAgeShift: number[];
  logSize: MeanSd;
  logAfp: MeanSd;
  biology: MeanSd[];
  intercept: number;
}

type MeanSd = { mean: number; sd: number };

function checkSizes(opts: SimulateCohortOptions): void {
  const n = checkInteger('simulateCohort', 'n', opts.n, { min: 20, max: 1_000_000 });
  checkInteger('simulateCohort', 'features', opts.features, { min: 10, max: MAX_FEATURES });
  const k = checkInteger('simulateCohort', 'centers', opts.centers, { min: 1, max: 26 });
  const nRepeats = checkInteger('simulateCohort', 'repeats', opts.repeats, { min: 0 });
  if (nRepeats > n) throw new ParameterError(`simulateCohort: repeats (${nRepeats}) cannot exceed n (${n})`);
  if (n < 5 * k) throw new ParameterError(`simulateCohort: n (${n}) must be at least 5 patients per centre (${5 * k})`);
}

/**
 * The cohort of `opts`. Without a population (the default cohort), the truth's constants come from
 * these patients and the patients from the seed's own streams; with one, the constants are given
 * and the patients come from the streams of `patientSeed`.
 */
function generate(opts: SimulateCohortOptions, population: Population | null): { cohort: SimulatedCohort; population: Population } {
  checkSizes(opts);
  const { n, features: p, centers: k, repeats: nRepeats, signal } = opts;

  // the truth's random streams, and the patients' (the same streams in the default cohort)
  const root = new Rng(opts.seed);
  const draws = population === null ? root : new Rng(`simulateCohort ${opts.seed} patients ${opts.patientSeed}`);
  const nFactors = Math.max(8, Math.round(p / 25));

  // ---- centres: sizes from a Dirichlet(4) split, at least 5 patients each
  const centerRng = root.fork(0);
  const weights = Array.from({ length: k }, () => centerRng.gamma(4));
  const total = weights.reduce((a, b) => a + b, 0);
  const centerOf = new Int32Array(n);
  {
    const sizes = weights.map((w) => Math.max(5, Math.floor((w / total) * n)));
    let excess = sizes.reduce((a, b) => a + b, 0) - n;
    for (let c = 0; excess !== 0; c = (c + 1) % k) {
      if (excess > 0 && sizes[c] > 5) {
        sizes[c]--;
        excess--;
      } else if (excess < 0) {
        sizes[c]++;
        excess++;
      }
    }
    const assignment: number[] = [];
    sizes.forEach((s, c) => {
      for (let i = 0; i < s; i++) assignment.push(c);
    });
    (population === null ? centerRng : draws.fork(0)).shuffle(assignment);
    for (let i = 0; i < n; i++) centerOf[i] = assignment[i];
  }
  const centerNames = Array.from({ length: k }, (_, c) => `C${c + 1}`);
  const scannerNames = Array.from({ length: k }, (_, c) => SIMULATED_SCANNERS[c % SIMULATED_SCANNERS.length] + (c >= SIMULATED_SCANNERS.length ? ` #${Math.floor(c / SIMULATED_SCANNERS.length) + 1}` : ''));
  // case mix differs a little by centre
  const centerSizeShift = population?.centerSizeShift ?? Array.from({ length: k }, () => centerRng.normal(0, 0.15));
  const centerAgeShift = population?.centerAgeShift ?? Array.from({ length: k }, () => centerRng.normal(0, 3));

  // ---- patients: clinical data and latent biology
  const age = new Float64Array(n);
  const male = new Uint8Array(n);
  const logAfp = new Float64Array(n);
  const sizeCm = new Float64Array(n);
  const cirrhosis = new Uint8Array(n);
  const factors = new Float64Array(n * nFactors);
  const patientRng = draws.fork(1);
  for (let i = 0; i < n; i++) {
    const r = patientRng.fork(i);
    const c = centerOf[i];
    age[i] = Math.round(Math.min(88, Math.max(25, r.normal(60 + centerAgeShift[c], 10))));
    male[i] = r.bernoulli(0.8) ? 1 : 0;
    cirrhosis[i] = r.bernoulli(0.7) ? 1 : 0;
    for (let f = 0; f < nFactors; f++) factors[i * nFactors + f] = r.normal();
    // tumour size: log-normal around 4.5 cm; AFP (ng/mL) correlates with biology factor 0
    sizeCm[i] = Math.round(Math.min(25, Math.max(1, Math.exp(r.normal(Math.log(4.5) + centerSizeShift[c], 0.5)))) * 10) / 10;
    logAfp[i] = Math.log(10) * (1.4 + 0.35 * factors[i * nFactors] + r.normal(0, 0.9));
  }
  const logSizeRaw = Float64Array.from(sizeCm, Math.log);
  const logSizeScale = population?.logSize ?? meanSd(logSizeRaw);
  const logAfpScale = population?.logAfp ?? meanSd(logAfp);
  const logSize = standardize(logSizeRaw, logSizeScale);
  const zAfp = standardize(logAfp, logAfpScale);
  const biologyScale: MeanSd[] = [];

  // ---- features
  const catalogue = simulatedFeatureCatalogue().slice(0, p);
  const featureRng = root.fork(2);
  const values: Float64Array[] = [];
  const repeatValues: Float64Array[] = [];
  const biology: Float64Array[] = [];
  const truthFeatures: CohortTruth['features'] = {};
  const repeatPatients = Int32Array.from(draws.fork(3).sample(n, nRepeats)).sort();
  // factor of each (image type, class) block, so that features of a block correlate
  const blockRng = root.fork(4);
  const blockFactor = new Map<string, number>();
  for (let j = 0; j < p; j++) {
    const spec = catalogue[j];
    const r = featureRng.fork(j);
    const blockKey = `${spec.imageIndex % 6}/${spec.featureClass}`;
    if (!blockFactor.has(blockKey)) blockFactor.set(blockKey, blockRng.int(nFactors));
    const factor = r.bernoulli(0.8) ? blockFactor.get(blockKey)! : r.int(nFactors);
    const second = r.int(nFactors);
    const isSize = spec.featureClass === 'shape' && !/Sphericity|Elongation|Flatness|SurfaceVolumeRatio/.test(spec.name);
    const a = r.uniform(0.55, 0.95);
    const b = r.uniform(0, 0.35);
    const cSize = isSize ? r.uniform(0.85, 0.98) : spec.featureClass === 'shape' ? r.uniform(0.2, 0.5) : r.uniform(0, 0.25);
    const iccRange: [number, number] = spec.featureClass === 'shape' ? [0.85, 0.99] : spec.featureClass === 'firstorder' ? [0.7, 0.97] : spec.imageIndex === 0 ? [0.55, 0.95] : [0.35, 0.9];
    const icc = iccRange[0] + (iccRange[1] - iccRange[0]) * r.beta(2, 2);
    const distribution: Distribution = isSize || /Energy|Variance|NonUniformity$|Emphasis|Prominence|Busyness|Complexity/.test(spec.name)
      ? 'lognormal'
      : /Sphericity|Flatness|Elongation|Percentage|Normalized|Uniformity|Id|Imc2|MCC|MaximumProbability/.test(spec.name)
        ? 'bounded'
        : r.bernoulli(0.3)
          ? 'heavy-tailed'
          : 'normal';
    const location = r.normal(0, 3);
    const scale = Math.exp(r.normal(0, 1));
    const spread = r.uniform(0.3, 0.8);
    const shift = Array.from({ length: k }, () => r.normal(0, 0.45));
    const centerScale = Array.from({ length: k }, () => Math.exp(r.normal(0, 0.2)));
    // the patients' draws: after the feature's parameters in the default cohort, else the patient seed's stream
    const rp = population === null ? r : draws.fork(2).fork(j);
    const bio = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const noise = rp.normal();
      bio[i] = isSize
        ? cSize * logSize[i] + a * (1 - cSize) * factors[i * nFactors + factor] + Math.sqrt(Math.max(0, 1 - cSize * cSize)) * 0.3 * noise
        : a * factors[i * nFactors + factor] + b * factors[i * nFactors + second] + cSize * logSize[i] + Math.sqrt(Math.max(0.05, 1 - a * a - b * b)) * noise;
    }
    const bioScale = population?.biology[j] ?? meanSd(bio);
    biologyScale.push(bioScale);
    const zBio = standardize(bio, bioScale);
    biology.push(zBio);
    const measured = (i: number, e: number) => {
      const c = centerOf[i];
      const m = Math.sqrt(icc) * zBio[i] + Math.sqrt(1 - icc) * e;
      return toScale(shift[c] + centerScale[c] * m, distribution, location, scale, spread);
    };
    const x = new Float64Array(n);
    const e1 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      e1[i] = rp.normal();
      x[i] = measured(i, e1[i]);
    }
    const x2 = new Float64Array(nRepeats);
    for (let q = 0; q < nRepeats; q++) x2[q] = measured(repeatPatients[q], rp.normal());
    values.push(x);
    repeatValues.push(x2);
    truthFeatures[spec.name] = { factor, distribution, icc, centerShift: shift, centerScale };
  }

  // ---- true signature: reproducible features from distinct factors
  const sigRng = root.fork(5);
  const signatureSize = Math.min(8, Math.max(4, Math.round(p / 60)));
  const usedFactors = new Set<number>();
  const signature: CohortTruth['signature'] = [];
  const order = sigRng.permutation(p);
  for (let q = 0; q < p && signature.length < signatureSize; q++) {
    const j = order[q];
    const t = truthFeatures[catalogue[j].name];
    if (t.icc < 0.75 || usedFactors.has(t.factor) || catalogue[j].featureClass === 'shape') continue;
    usedFactors.add(t.factor);
    const sign = sigRng.bernoulli(0.5) ? 1 : -1;
    signature.push({
      feature: catalogue[j].name,
      mviLogOddsRatio: sign * sigRng.uniform(0.45, 0.9) * signal,
      recurrenceLogHazardRatio: sign * sigRng.uniform(0.2, 0.5) * signal,
    });
  }
  const sigIndex = signature.map((s) => catalogue.findIndex((c) => c.name === s.feature));

  // ---- outcomes
  const outcomeRng = draws.fork(6);
  const mviEffects = { logAfp: 0.5 * signal, logTumorSize: 0.4 * signal };
  const lpMvi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let lp = mviEffects.logAfp * zAfp[i] + mviEffects.logTumorSize * logSize[i];
    for (let s = 0; s < signature.length; s++) lp += signature[s].mviLogOddsRatio * biology[sigIndex[s]][i];
    lpMvi[i] = lp;
  }
  const intercept = population?.intercept ?? solveIntercept(lpMvi, 0.35);
  const mvi = new Uint8Array(n);
  const recurrenceModel = { weibullShape: 1.2, weibullScaleMonths: 45, mvi: 0.6 * signal, logAfp: 0.3 * signal, cirrhosis: 0.35 };
  const censoring = { administrativeMonths: [24, 72] as [number, number], lossRatePerMonth: 0.008 };
  const rfs = new Float64Array(n);
  const recurrence = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const r = outcomeRng.fork(i);
    mvi[i] = r.bernoulli(1 / (1 + Math.exp(-(intercept + lpMvi[i])))) ? 1 : 0;
    let lp = recurrenceModel.mvi * mvi[i] + recurrenceModel.logAfp * zAfp[i] + recurrenceModel.cirrhosis * cirrhosis[i];
    for (let s = 0; s < signature.length; s++) lp += signature[s].recurrenceLogHazardRatio * biology[sigIndex[s]][i];
    // Weibull PH: S(t) = exp(-(t / scale)^shape * exp(lp))
    const u = 1 - r.next();
    const eventTime = recurrenceModel.weibullScaleMonths * Math.pow(-Math.log(u) / Math.exp(lp), 1 / recurrenceModel.weibullShape);
    const admin = r.uniform(censoring.administrativeMonths[0], censoring.administrativeMonths[1]);
    const loss = r.exponential(censoring.lossRatePerMonth);
    const censor = Math.min(admin, loss);
    const t = Math.min(eventTime, censor);
    rfs[i] = Math.max(0.1, Math.round(t * 10) / 10);
    recurrence[i] = eventTime <= censor ? 1 : 0;
  }

  // ---- tables
  const width = String(n).length;
  const ids = Array.from({ length: n }, (_, i) => `HCC-${String(i + 1).padStart(Math.max(3, width), '0')}`);
  const columns: Column[] = [
    textColumn('id', ids),
    textColumn('center', Array.from(centerOf, (c) => centerNames[c])),
    textColumn('scanner', Array.from(centerOf, (c) => scannerNames[c])),
    numericColumn('age', age),
    textColumn('sex', Array.from(male, (m) => (m ? 'M' : 'F'))),
    numericColumn('afp', Float64Array.from(logAfp, (v) => Math.round(Math.exp(v) * 10) / 10)),
    numericColumn('tumor_size_cm', sizeCm),
    numericColumn('cirrhosis', Float64Array.from(cirrhosis)),
    numericColumn('mvi', Float64Array.from(mvi)),
    numericColumn('rfs_months', rfs),
    numericColumn('recurrence', Float64Array.from(recurrence)),
    ...catalogue.map((spec, j) => numericColumn(spec.name, values[j])),
  ];
  const features = new Table('features.csv', columns, n);
  const repeatRows = Array.from(repeatPatients).flatMap((i) => [i, i]);
  const repeatColumns: Column[] = [
    textColumn('id', repeatRows.map((i) => ids[i])),
    numericColumn('reader', Float64Array.from(repeatRows, (_, q) => (q % 2) + 1)),
    textColumn('center', repeatRows.map((i) => centerNames[centerOf[i]])),
    ...catalogue.map((spec, j) => numericColumn(spec.name, Float64Array.from(repeatRows, (i, q) => (q % 2 === 0 ? values[j][i] : repeatValues[j][q >> 1])))),
  ];
  const repeats = new Table('repeats.csv', repeatColumns, repeatRows.length);

  const centerCounts = new Array(k).fill(0);
  for (let i = 0; i < n; i++) centerCounts[centerOf[i]]++;
  const truth: CohortTruth = {
    seed: opts.seed,
    n,
    centers: centerNames.map((center, c) => ({ center, scanner: scannerNames[c], n: centerCounts[c] })),
    mviPrevalence: mvi.reduce((a, b) => a + b, 0) / n,
    recurrences: recurrence.reduce((a, b) => a + b, 0),
    signature,
    mviModel: { intercept, ...mviEffects },
    recurrenceModel,
    censoring,
    ...(signal !== 1 ? { signal } : {}),
    ...(opts.patientSeed !== undefined ? { patientSeed: opts.patientSeed } : {}),
    features: truthFeatures,
  };
  return {
    cohort: { features, repeats, truth },
    population: { centerSizeShift, centerAgeShift, logSize: logSizeScale, logAfp: logAfpScale, biology: biologyScale, intercept },
  };
}

function toScale(z: number, distribution: Distribution, location: number, scale: number, spread: number): number {
  switch (distribution) {
    case 'lognormal':
      return Math.exp(location + 2 + spread * 1.5 * z);
    case 'bounded':
      return 1 / (1 + Math.exp(-(location / 3 + spread * 1.5 * z)));
    case 'heavy-tailed':
      return location + scale * (Math.sinh(spread * 1.5 * z) / (spread * 1.5));
    default:
      return location * 10 + scale * z;
  }
}

function meanSd(x: Float64Array): MeanSd {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
  return { mean, sd: Math.sqrt(ss / (n - 1)) || 1 };
}

function standardize(x: Float64Array, { mean, sd }: MeanSd): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (x[i] - mean) / sd;
  return out;
}

/** The intercept giving the target mean probability over the sample (bisection). */
function solveIntercept(lp: Float64Array, target: number): number {
  let lo = -20;
  let hi = 20;
  for (let iter = 0; iter < 100; iter++) {
    const mid = (lo + hi) / 2;
    let mean = 0;
    for (let i = 0; i < lp.length; i++) mean += 1 / (1 + Math.exp(-(mid + lp[i])));
    if (mean / lp.length < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
