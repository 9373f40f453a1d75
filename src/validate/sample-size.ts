/**
 * Riley et al.'s minimum sample size for developing a clinical prediction model with a binary or
 * time-to-event outcome, with the numbers of R's pmsampsize (version 1.1.3), and the Cox-Snell R2
 * of a fitted model.
 */
import { logisticFit1 } from '../stats/logistic.js';
import { checkInteger, checkNumber } from '../core/checks.js';
import { ParameterError } from '../core/errors.js';
import { qnorm } from '../stats/normal.js';

/** Options of {@link minimumSampleSize}: pmsampsize's arguments, camelCased. */
export interface MinimumSampleSizeOptions {
  /** Outcome of the model to be developed: logistic (`'binary'`) or Cox (`'survival'`). */
  type: 'binary' | 'survival';
  /** Number of candidate predictor parameters (all coefficients: dummies, spline terms, interactions). A positive integer. */
  parameters: number;
  /**
   * Anticipated Cox-Snell R2 of the new model (pmsampsize's `csrsquared`), e.g. the adjusted R2cs of
   * an existing model. Give this or, for a binary outcome, `cstatistic`.
   */
  r2cs?: number;
  /**
   * Binary only: a C-statistic (AUC) of an existing model, from which R2cs is approximated by
   * simulation as pmsampsize does (see {@link minimumSampleSize}). Strictly between 0.5 and 1.
   */
  cstatistic?: number;
  /** Seed of R's Mersenne-Twister for the `cstatistic` simulation, as `set.seed`. @defaultValue 123456 (pmsampsize's) */
  seed?: number;
  /** Binary: anticipated outcome proportion, strictly between 0 and 1. */
  prevalence?: number;
  /** Survival: overall event rate per unit of time (the unit of `timepoint` and `meanfup`). */
  rate?: number;
  /** Survival: time point of interest for prediction. */
  timepoint?: number;
  /** Survival: anticipated mean follow-up. */
  meanfup?: number;
  /** Target expected shrinkage of predictor effects (criterion 1), in (0, 1). @defaultValue 0.9 */
  shrinkage?: number;
  /**
   * Criterion 3: absolute margin of error of the overall risk (95% interval half-width). Binary: the
   * n is solved for it (pmsampsize fixes it at 0.05). Survival: pmsampsize does not solve for it; the
   * interval at n = max(n1, n2) is reported and checked against it (see {@link OverallRiskPrecision}).
   * Not pmsampsize's `mmoe`, which is the multiplicative margin of the intercept of a linear model.
   * @defaultValue 0.05
   */
  marginOfError?: number;
}

/** One criterion's row of pmsampsize's table. */
export interface SampleSizeCriterion {
  /** 1 (shrinkage), 2 (small optimism in Nagelkerke R2) or 3 (precise overall risk). */
  criterion: 1 | 2 | 3;
  name: 'shrinkage' | 'optimism' | 'overall risk';
  /** Sample size of the criterion: the ceiling of `nUnrounded`. */
  n: number;
  /** The criterion's formula before the ceiling (survival criterion 3: max(n1, n2)). */
  nUnrounded: number;
  /**
   * Expected shrinkage as pmsampsize reports it: criterion 1 the target, criterion 2 the shrinkage
   * that keeps the optimism in Nagelkerke R2 at 0.05, criterion 3 the larger of the two.
   */
  shrinkage: number;
  /** Expected events at `n`: n × prevalence, or n × rate × meanfup (not rounded). */
  events: number;
  /** Events per candidate predictor parameter (not rounded; pmsampsize prints 2 decimals). */
  epp: number;
}

/** Precision of the overall risk at criterion 3's sample size (a Wald 95% interval with z = 1.96). */
export interface OverallRiskPrecision {
  /** The sample size it is computed at (criterion 3's n). */
  n: number;
  /** Binary: the prevalence. Survival: 1 - exp(-rate × timepoint). */
  estimate: number;
  lower: number;
  upper: number;
  /** Half-width achieved (survival: upper - estimate, as pmsampsize). */
  marginOfError: number;
  /** The `marginOfError` asked for. */
  target: number;
  /** Whether the achieved margin is within the target. */
  met: boolean;
  /** Survival: person-time at `n`, meanfup × n rounded to 1 decimal as pmsampsize; null for binary. */
  personTime: number | null;
}

/** The result of {@link minimumSampleSize}. */
export interface MinimumSampleSize {
  type: 'binary' | 'survival';
  /** Minimum sample size: the largest of the three criteria. */
  n: number;
  /** Expected events at `n` (not rounded). */
  events: number;
  /** ceiling(events), the number pmsampsize prints. */
  eventsRounded: number;
  /** Events per candidate predictor parameter at `n` (not rounded). */
  epp: number;
  /** Expected shrinkage at `n` as pmsampsize reports it: the larger of the target and criterion 2's. */
  shrinkage: number;
  parameters: number;
  /** The Cox-Snell R2 used (given, or approximated from the C-statistic and rounded to 4 decimals). */
  r2cs: number;
  /** Largest Cox-Snell R2 possible for the outcome proportion or event rate. */
  maxR2cs: number;
  /** r2cs / maxR2cs. */
  nagelkerkeR2: number;
  criteria: [SampleSizeCriterion, SampleSizeCriterion, SampleSizeCriterion];
  overallRisk: OverallRiskPrecision;
  /** Survival: total person-time at `n`, meanfup × n rounded to 1 decimal; null for binary. */
  personTime: number | null;
  /** The C-statistic approximation when `cstatistic` was given, with R2cs before rounding. */
  fromCstatistic: { cstatistic: number; seed: number; r2csUnrounded: number } | null;
  /** The inputs with defaults filled in. */
  options: MinimumSampleSizeOptions & { shrinkage: number; marginOfError: number };
  /** Soft problems, e.g. a survival margin of error wider than asked. */
  warnings: string[];
}

const WHERE = 'minimumSampleSize';
const Z = 1.96;
/** pmsampsize's arbitrary sample size for the survival null log-likelihood. */
const SURVIVAL_N0 = 10000;
/** pmsampsize's simulated sample size for the C-statistic approximation. */
const CSTAT_N = 1000000;

/**
 * The minimum sample size for developing a prediction model with a binary or time-to-event
 * outcome (Riley et al., Stat Med 2019, doi:10.1002/sim.7992; BMJ 2020, doi:10.1136/bmj.m441),
 * computed as R's `pmsampsize(type = "b" | "s", csrsquared, parameters, ...)` 1.1.3 does. With
 * P parameters, anticipated Cox-Snell R2 R, target shrinkage S and largest possible R2cs Rmax:
 *
 * - criterion 1, expected shrinkage S: n1 = ceil(P / ((S - 1) ln(1 - R / S)));
 * - criterion 2, optimism of 0.05 in Nagelkerke's R2: the same formula with
 *   S2 = R / (R + 0.05 Rmax);
 * - criterion 3, the overall risk: binary n3 = ceil((1.96 / d)^2 phi (1 - phi)) for margin d and
 *   prevalence phi; survival n3 = max(n1, n2) and the 95% interval of the risk by the time point,
 *   1 - exp(-(rate ± 1.96 sqrt(rate / (meanfup n3))) t), is reported (pmsampsize does not solve for it);
 * - n = max(n1, n2, n3); events = n phi or n × rate × meanfup; EPP = events / P.
 *
 * Rmax = 1 - exp(2 lnL0 / n): binary lnL0 / n = phi ln phi + (1 - phi) ln(1 - phi) (evaluated at
 * n1 as pmsampsize); survival lnL0 = E ln(E / n) - E with pmsampsize's n = 10000 and
 * E = ceil(rate × meanfup × n).
 *
 * With `cstatistic` (binary) R2cs is approximated as pmsampsize does (Riley, Van Calster & Collins,
 * Stat Med 2021, doi:10.1002/sim.8806): after R's `set.seed(seed)`, 10^6 linear predictors, first
 * prevalence × 10^6 drawn N(0, 1) with y = 0, then the rest N(sqrt(2) qnorm(C), 1) with y = 1,
 * drawn with R's Mersenne-Twister and inversion normals; R2cs = 1 - exp(-LR / 10^6) of the
 * logistic fit of y on the predictor, rounded to 4 decimals. radsig reproduces R's random stream
 * and fits the model by Newton's method, so R2cs before rounding agrees with pmsampsize's to about
 * 1e-13 (relative).
 *
 * Differences from pmsampsize: `marginOfError` may differ from 0.05 (binary n3 is solved for it; a
 * survival margin wider than it gives a warning, n unchanged); `nagrsquared` and continuous
 * outcomes are not offered; every value is returned unrounded next to the ceilings.
 *
 * @throws ParameterError for a missing or out-of-range option, an option of the other type
 *   (`prevalence` for survival, `rate` for binary, ...), both or neither of `r2cs` and `cstatistic`,
 *   `r2cs` not below `shrinkage`, or `r2cs` not below the largest possible R2cs.
 * @example
 * // pmsampsize(type = "b", csrsquared = 0.288, parameters = 24, prevalence = 0.174)
 * const s = minimumSampleSize({ type: 'binary', parameters: 24, r2cs: 0.288, prevalence: 0.174 });
 * s.n;               // 662
 * s.eventsRounded;   // 116
 * s.criteria[0].n;   // 623
 */
export function minimumSampleSize(options: MinimumSampleSizeOptions): MinimumSampleSize {
  if (options === null || typeof options !== 'object') throw new ParameterError(`${WHERE}: options must be an object`);
  const type = options.type;
  if (type !== 'binary' && type !== 'survival') throw new ParameterError(`${WHERE}: type must be 'binary' or 'survival', got ${JSON.stringify(type)}`);
  const parameters = checkInteger(WHERE, 'parameters', options.parameters, { min: 1 });
  const shrinkage = checkNumber(WHERE, 'shrinkage', options.shrinkage ?? 0.9, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const marginOfError = checkNumber(WHERE, 'marginOfError', options.marginOfError ?? 0.05, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const foreign = (type === 'binary' ? (['rate', 'timepoint', 'meanfup'] as const) : (['prevalence', 'cstatistic', 'seed'] as const)).filter((k) => options[k] !== undefined);
  if (foreign.length > 0) throw new ParameterError(`${WHERE}: ${foreign.join(', ')} ${foreign.length === 1 ? 'is' : 'are'} not used for type '${type}'`);

  let r2cs: number;
  let fromCstatistic: MinimumSampleSize['fromCstatistic'] = null;
  let prevalence = NaN;
  if (type === 'binary') {
    if (options.prevalence === undefined) throw new ParameterError(`${WHERE}: prevalence is required for type 'binary'`);
    prevalence = checkNumber(WHERE, 'prevalence', options.prevalence, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  }
  if ((options.r2cs === undefined) === (options.cstatistic === undefined)) {
    throw new ParameterError(`${WHERE}: give exactly one of r2cs and cstatistic${type === 'survival' ? ' (r2cs for survival)' : ''}`);
  }
  if (options.cstatistic !== undefined) {
    const cstatistic = checkNumber(WHERE, 'cstatistic', options.cstatistic, { min: 0.5, max: 1, exclusiveMin: true, exclusiveMax: true });
    const seed = checkInteger(WHERE, 'seed', options.seed ?? 123456, { min: -2147483647, max: 2147483647 });
    const r2csUnrounded = cstatisticToR2cs(cstatistic, prevalence, seed);
    r2cs = roundLikeR(r2csUnrounded, 4);
    fromCstatistic = { cstatistic, seed, r2csUnrounded };
    if (!(r2cs > 0)) throw new ParameterError(`${WHERE}: cstatistic ${cstatistic} gives R2cs ${r2cs} to 4 decimals, from which no sample size can be computed`);
  } else {
    if (options.seed !== undefined) throw new ParameterError(`${WHERE}: seed is used only with cstatistic`);
    r2cs = checkNumber(WHERE, 'r2cs', options.r2cs, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  }
  if (!(r2cs < shrinkage)) throw new ParameterError(`${WHERE}: r2cs (${r2cs}) must be below the target shrinkage (${shrinkage})`);

  const n1Unrounded = shrinkageSampleSize(parameters, r2cs, shrinkage);
  if (!Number.isFinite(n1Unrounded)) {
    throw new ParameterError(`${WHERE}: r2cs (${r2cs}) is too small for double precision: no finite sample size reaches shrinkage ${shrinkage}`);
  }
  const n1 = Math.ceil(n1Unrounded);
  let maxR2cs: number;
  let rate = NaN;
  let timepoint = NaN;
  let meanfup = NaN;
  if (type === 'binary') {
    // pmsampsize evaluates the null log-likelihood at n1 events and patients; lnL0 / n does not depend on n
    const e1 = n1 * prevalence;
    const lnL0 = e1 * Math.log(e1 / n1) + (n1 - e1) * Math.log(1 - e1 / n1);
    maxR2cs = 1 - Math.exp((2 * lnL0) / n1);
  } else {
    for (const k of ['rate', 'timepoint', 'meanfup'] as const) {
      if (options[k] === undefined) throw new ParameterError(`${WHERE}: ${k} is required for type 'survival'`);
    }
    rate = checkNumber(WHERE, 'rate', options.rate, { min: 0, exclusiveMin: true });
    timepoint = checkNumber(WHERE, 'timepoint', options.timepoint, { min: 0, exclusiveMin: true });
    meanfup = checkNumber(WHERE, 'meanfup', options.meanfup, { min: 0, exclusiveMin: true });
    const e0 = Math.ceil(rate * (meanfup * SURVIVAL_N0));
    const lnL0 = e0 * Math.log(e0 / SURVIVAL_N0) - e0;
    maxR2cs = 1 - Math.exp((2 * lnL0) / SURVIVAL_N0);
  }
  if (!(r2cs < maxR2cs)) {
    const given = type === 'binary' ? `prevalence ${prevalence}` : `rate ${rate} and meanfup ${meanfup}`;
    throw new ParameterError(`${WHERE}: r2cs (${r2cs}) must be below the largest Cox-Snell R2 possible with ${given} (maxR2cs ${Number.isFinite(maxR2cs) ? maxR2cs.toPrecision(6) : '-Inf'})`);
  }
  const s2 = r2cs / (r2cs + 0.05 * maxR2cs);
  const n2Unrounded = shrinkageSampleSize(parameters, r2cs, s2);
  const n2 = Math.ceil(n2Unrounded);
  const s3 = s2 > shrinkage ? s2 : shrinkage;

  const eventsAt = type === 'binary' ? (n: number) => n * prevalence : (n: number) => n * rate * meanfup;
  const row = (criterion: 1 | 2 | 3, name: SampleSizeCriterion['name'], nUnrounded: number, n: number, s: number): SampleSizeCriterion => {
    const events = eventsAt(n);
    return { criterion, name, n, nUnrounded, shrinkage: s, events, epp: events / parameters };
  };

  let n3Unrounded: number;
  let overallRisk: OverallRiskPrecision;
  if (type === 'binary') {
    const zm = Z / marginOfError;
    n3Unrounded = zm * zm * (prevalence * (1 - prevalence));
    const n3 = Math.ceil(n3Unrounded);
    const half = Z * Math.sqrt((prevalence * (1 - prevalence)) / n3);
    overallRisk = { n: n3, estimate: prevalence, lower: prevalence - half, upper: prevalence + half, marginOfError: half, target: marginOfError, met: half <= marginOfError, personTime: null };
  } else {
    n3Unrounded = Math.max(n1, n2);
    const personTime = roundLikeR(meanfup * n3Unrounded, 1);
    const se = Math.sqrt(rate / personTime);
    const upper = 1 - Math.exp(-(rate + Z * se) * timepoint);
    const lower = 1 - Math.exp(-(rate - Z * se) * timepoint);
    const estimate = 1 - Math.exp(timepoint * -rate);
    const margin = upper - estimate;
    overallRisk = { n: n3Unrounded, estimate, lower, upper, marginOfError: margin, target: marginOfError, met: margin <= marginOfError, personTime };
  }
  const criteria: MinimumSampleSize['criteria'] = [
    row(1, 'shrinkage', n1Unrounded, n1, shrinkage),
    row(2, 'optimism', n2Unrounded, n2, s2),
    row(3, 'overall risk', n3Unrounded, Math.ceil(n3Unrounded), s3),
  ];
  const n = Math.max(criteria[0].n, criteria[1].n, criteria[2].n);
  const events = eventsAt(n);
  const warnings: string[] = [];
  if (!overallRisk.met) {
    warnings.push(
      `${WHERE}: at n = ${overallRisk.n} the 95% interval of the risk by time ${timepoint} is ${overallRisk.estimate.toFixed(3)} (${overallRisk.lower.toFixed(3)} to ${overallRisk.upper.toFixed(3)}), a margin of ${overallRisk.marginOfError.toFixed(3)}, wider than marginOfError ${marginOfError}; as pmsampsize, n is not raised for it`,
    );
  }
  const resolved: MinimumSampleSize['options'] =
    type === 'binary'
      ? { type, parameters, ...(fromCstatistic ? { cstatistic: fromCstatistic.cstatistic, seed: fromCstatistic.seed } : { r2cs }), prevalence, shrinkage, marginOfError }
      : { type, parameters, r2cs, rate, timepoint, meanfup, shrinkage, marginOfError };
  return {
    type,
    n,
    events,
    eventsRounded: Math.ceil(events),
    epp: events / parameters,
    shrinkage: s3,
    parameters,
    r2cs,
    maxR2cs,
    nagelkerkeR2: r2cs / maxR2cs,
    criteria,
    overallRisk,
    personTime: type === 'survival' ? roundLikeR(meanfup * n, 1) : null,
    fromCstatistic,
    options: resolved,
    warnings,
  };
}

/**
 * Cox-Snell (Maddala) R2 of a model fitted by maximum likelihood from its likelihood-ratio
 * chi-square against the null model: R2cs = 1 - exp(-LR / n), computed as -expm1(-LR / n)
 * (Cox & Snell 1989; Riley et al. 2019, eq. 4, doi:10.1002/sim.7992). For logistic regression
 * LR = null deviance - deviance; for Cox, LR = 2 (log partial likelihood of the model - of the
 * null model), with n the number of patients (not events), as pmsampsize's R2cs assumes.
 *
 * @param lrChiSquare the likelihood-ratio chi-square, >= 0.
 * @param n the number of patients, > 0.
 * @throws ParameterError if `lrChiSquare` is negative or not finite, or `n` is not positive.
 * @example
 * coxSnellR2(165.0575, 416); // 0.3275, a logistic model of death on the PBC complete cases
 */
export function coxSnellR2(lrChiSquare: number, n: number): number {
  checkNumber('coxSnellR2', 'lrChiSquare', lrChiSquare, { min: 0 });
  checkNumber('coxSnellR2', 'n', n, { min: 0, exclusiveMin: true });
  return -Math.expm1(-lrChiSquare / n);
}

/** n such that a model with R2cs `r2` on `parameters` parameters has expected shrinkage `s` (Riley et al. 2019, eq. 11). */
function shrinkageSampleSize(parameters: number, r2: number, s: number): number {
  return parameters / ((s - 1) * Math.log(1 - r2 / s));
}

/**
 * R's `round(x, digits)` (R >= 4.0.0, nmath/fround.c) for digits >= 1: of the two candidates
 * with `digits` decimals around x, the closer one, and on an exact tie the one with an even last digit.
 */
function roundLikeR(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  if (digits + Math.log10(ax) > 15) return x;
  let pow10 = 1;
  for (let i = 0; i < digits; i++) pow10 *= 10;
  const x10 = pow10 * ax;
  const i10 = Math.floor(x10);
  const xd = i10 / pow10;
  const xu = Math.ceil(x10) / pow10;
  const du = xu - ax;
  const dd = ax - xd;
  return sign * (du < dd || (du === dd && i10 % 2 === 1) ? xu : xd);
}

/**
 * pmsampsize's approximation of R2cs from a C-statistic and a prevalence (its `cstat2rsq`),
 * with R's random numbers: see {@link minimumSampleSize}.
 */
function cstatisticToR2cs(cstatistic: number, prevalence: number, seed: number): number {
  const mu = Math.SQRT2 * qnorm(cstatistic);
  const rng = new RMersenneTwister(seed);
  // R truncates a fractional length; y = 0 for the first block, 1 for the second
  const n0 = Math.trunc(prevalence * CSTAT_N);
  const n1 = Math.trunc((1 - prevalence) * CSTAT_N);
  const lp = new Float64Array(n0 + n1);
  for (let i = 0; i < n0; i++) lp[i] = rng.normal();
  for (let i = n0; i < n0 + n1; i++) lp[i] = mu + rng.normal();
  const lr = logisticLikelihoodRatio(lp, n0);
  return 1 - Math.exp(-lr / CSTAT_N);
}

/**
 * Likelihood-ratio chi-square of the logistic regression of y on x with an intercept, where
 * y = 0 for the first `zeros` values and 1 for the rest (Newton's method to full precision; glm
 * stops at a deviance change of 1e-8).
 */
function logisticLikelihoodRatio(x: Float64Array, zeros: number): number {
  const n = x.length;
  const ones = n - zeros;
  const nullDeviance = -2 * (ones * Math.log(ones / n) + zeros * Math.log(zeros / n));
  const y = new Uint8Array(n).fill(1, zeros);
  return nullDeviance - logisticFit1(x, y, { start: Math.log(ones / zeros) }).deviance;
}

/**
 * R's default generator: Mersenne-Twister seeded as `set.seed(seed)` does (50 rounds of the LCG
 * 69069 s + 1 to scramble, then 625 more to fill the state), `unif_rand` with R's fix-up into
 * (0, 1), and `norm_rand` by inversion with two uniforms (R's default normal.kind).
 */
class RMersenneTwister {
  private readonly mt = new Uint32Array(624);
  private mti = 624;

  constructor(seed: number) {
    let s = seed >>> 0;
    for (let j = 0; j < 50; j++) s = (Math.imul(69069, s) + 1) >>> 0;
    s = (Math.imul(69069, s) + 1) >>> 0; // the position slot, reset to 624 by R's FixupSeeds
    for (let j = 0; j < 624; j++) {
      s = (Math.imul(69069, s) + 1) >>> 0;
      this.mt[j] = s;
    }
  }

  private int32(): number {
    const mt = this.mt;
    if (this.mti >= 624) {
      let kk = 0;
      let y: number;
      for (; kk < 227; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk + 397] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      for (; kk < 623; kk++) {
        y = (mt[kk] & 0x80000000) | (mt[kk + 1] & 0x7fffffff);
        mt[kk] = mt[kk - 227] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      y = (mt[623] & 0x80000000) | (mt[0] & 0x7fffffff);
      mt[623] = mt[396] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      this.mti = 0;
    }
    let y = mt[this.mti++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  uniform(): number {
    const u = this.int32() * 2.3283064365386963e-10;
    if (u <= 0) return 0.5 * 2.328306437080797e-10;
    if (1 - u <= 0) return 1 - 0.5 * 2.328306437080797e-10;
    return u;
  }

  normal(): number {
    const big = 134217728; // 2^27
    let u = this.uniform();
    u = Math.trunc(big * u) + this.uniform();
    return qnorm(u / big);
  }
}
