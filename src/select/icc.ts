/**
 * Intraclass correlation coefficients for many features at once, as `psych::ICC(x, lmer = FALSE)`.
 */
import { checkNumber, resolveOptions } from '../core/checks.js';
import { DataError } from '../core/errors.js';
import { Matrix64 } from '../core/matrix.js';
import { libraryOptionName, plural, quote, type OptionNamer } from '../core/messages.js';
import { cellValue } from '../data/column-values.js';
import type { Table } from '../data/table.js';
import { pf, qf } from '../stats/distributions.js';

/** The six Shrout & Fleiss / McGraw & Wong forms, named as psych names them. */
export const ICC_FORMS = ['ICC1', 'ICC2', 'ICC3', 'ICC1k', 'ICC2k', 'ICC3k'] as const;
/** An ICC form. */
export type IccForm = (typeof ICC_FORMS)[number];

/** One ICC form for one feature, with psych's columns. */
export interface IccEstimate {
  form: IccForm;
  icc: number;
  /** F statistic of the form's test against ICC = 0, with its degrees of freedom and p-value. */
  f: number;
  df1: number;
  df2: number;
  p: number;
  /** Confidence interval at the requested level. */
  lower: number;
  upper: number;
}

/** All six forms for one feature, plus the ANOVA mean squares they come from. */
export interface FeatureIcc {
  feature: string;
  forms: Record<IccForm, IccEstimate>;
  /** Between-subjects, between-raters, residual and within-subject mean squares. */
  msb: number;
  msj: number;
  mse: number;
  msw: number;
}

/** Repeated measurements of the same subjects: one n x p matrix per rater (segmentation), rows aligned by subject. */
export interface RepeatedRatings {
  subjects: string[];
  raters: string[];
  featureNames: string[];
  /** byRater[r] is the n x p matrix of rater r. */
  byRater: Matrix64[];
}

/** Options of {@link computeIcc}. */
export interface IccOptions {
  /**
   * Confidence level of the intervals (psych's `1 - alpha`).
   * @defaultValue 0.95
   */
  level: number;
}

/** ICCs of every feature. */
export interface IccResult {
  nSubjects: number;
  nRaters: number;
  level: number;
  features: FeatureIcc[];
}

/**
 * ICCs of all six forms for every feature, from a two-way ANOVA without interaction computed
 * feature by feature from row, column and residual sums (no model fitting per feature).
 * Formulas, F tests and confidence intervals are those of Shrout & Fleiss (1979,
 * doi:10.1037/0033-2909.86.2.420) and McGraw & Wong (1996, doi:10.1037/1082-989X.1.1.30) as
 * implemented in `psych::ICC(x, lmer = FALSE)`: ICC1 one-way random, ICC2 two-way random absolute
 * agreement, ICC3 two-way mixed consistency, and their average-measure forms ICC1k, ICC2k, ICC3k
 * (ICC2's interval uses the Satterthwaite degrees of freedom).
 *
 * A feature with no variance at all has undefined ICCs (NaN); a feature measured identically by
 * every rater (no residual variance) has ICC 1 with interval [1, 1].
 *
 * @throws DataError for fewer than 2 subjects or raters, or missing values (naming subject and feature).
 * @example
 * const result = computeIcc(repeatedRatingsFromLong(repeats, { subject: 'id', rater: 'reader' }));
 * result.features[0].forms.ICC2.icc;
 */
export function computeIcc(ratings: RepeatedRatings, options?: Partial<IccOptions>): IccResult {
  const opts = resolveOptions('computeIcc', { level: 0.95 }, options);
  checkNumber('computeIcc', 'level', opts.level, { min: 0, max: 1, exclusiveMin: true, exclusiveMax: true });
  const alpha = 1 - opts.level;
  const k = ratings.byRater.length;
  const n = ratings.subjects.length;
  const p = ratings.featureNames.length;
  if (k < 2) throw new DataError(`computeIcc: needs at least 2 raters (segmentations), got ${k}`, 'DATA_SHAPE');
  if (n < 2) throw new DataError(`computeIcc: needs at least 2 subjects, got ${n}`, 'DATA_SHAPE');
  for (const [r, m] of ratings.byRater.entries()) {
    if (m.rows !== n || m.cols !== p) throw new DataError(`computeIcc: rater ${quote(ratings.raters[r])} has ${m.rows} x ${m.cols} values, expected ${n} x ${p}`, 'DATA_SHAPE');
    for (let j = 0; j < p; j++) {
      const col = m.column(j);
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(col[i])) {
          throw new DataError(`computeIcc: subject ${quote(ratings.subjects[i])} has a missing or infinite value of ${quote(ratings.featureNames[j])} for rater ${quote(ratings.raters[r])}`, 'DATA_MISSING');
        }
      }
    }
  }
  // F quantiles that depend only on n and k are shared by every feature
  const df11n = n - 1;
  const df11d = n * (k - 1);
  const df21d = (n - 1) * (k - 1);
  const q11 = qf(1 - alpha / 2, df11n, df11d);
  const q11r = qf(1 - alpha / 2, df11d, df11n);
  const q21 = qf(1 - alpha / 2, df11n, df21d);
  const q21r = qf(1 - alpha / 2, df21d, df11n);

  const rowSums = new Float64Array(n);
  const colMeans = new Float64Array(k);
  const features: FeatureIcc[] = new Array(p);
  for (let j = 0; j < p; j++) {
    rowSums.fill(0);
    let total = 0;
    for (let r = 0; r < k; r++) {
      const col = ratings.byRater[r].column(j);
      let s = 0;
      for (let i = 0; i < n; i++) {
        rowSums[i] += col[i];
        s += col[i];
      }
      colMeans[r] = s / n;
      total += s;
    }
    const grand = total / (n * k);
    let ssb = 0;
    for (let i = 0; i < n; i++) {
      const d = rowSums[i] / k - grand;
      ssb += d * d;
    }
    ssb *= k;
    let ssj = 0;
    for (let r = 0; r < k; r++) ssj += (colMeans[r] - grand) * (colMeans[r] - grand);
    ssj *= n;
    let sse = 0;
    for (let r = 0; r < k; r++) {
      const col = ratings.byRater[r].column(j);
      const shift = colMeans[r] - grand;
      for (let i = 0; i < n; i++) {
        const e = col[i] - rowSums[i] / k - shift;
        sse += e * e;
      }
    }
    features[j] = iccForms(ratings.featureNames[j], n, k, ssb, ssj, sse, alpha, q11, q11r, q21, q21r);
  }
  return { nSubjects: n, nRaters: k, level: opts.level, features };
}

function iccForms(feature: string, n: number, k: number, ssb: number, ssj: number, sse: number, alpha: number, q11: number, q11r: number, q21: number, q21r: number): FeatureIcc {
  const msb = ssb / (n - 1);
  const msj = ssj / (k - 1);
  const mse = sse / ((n - 1) * (k - 1));
  const msw = (ssj + sse) / (n * (k - 1));
  const df11n = n - 1;
  const df11d = n * (k - 1);
  const df21d = (n - 1) * (k - 1);
  const make = (form: IccForm, icc: number, f: number, df1: number, df2: number, p: number, lower: number, upper: number): IccEstimate => ({ form, icc, f, df1, df2, p, lower, upper });
  const scale = Math.max(msb, msj, mse, msw);
  if (!(scale > 0)) {
    // no variance at all: every form undefined
    const forms = Object.fromEntries(ICC_FORMS.map((form) => [form, make(form, NaN, NaN, df11n, form.startsWith('ICC1') ? df11d : df21d, NaN, NaN, NaN)])) as Record<IccForm, IccEstimate>;
    return { feature, forms, msb, msj, mse, msw };
  }
  const perfect = (mse <= 1e-15 * scale);
  const ICC1 = (msb - msw) / (msb + (k - 1) * msw);
  const ICC2 = (msb - mse) / (msb + (k - 1) * mse + (k * (msj - mse)) / n);
  const ICC3 = (msb - mse) / (msb + (k - 1) * mse);
  const ICC1k = (msb - msw) / msb;
  const ICC2k = (msb - mse) / (msb + (msj - mse) / n);
  const ICC3k = (msb - mse) / msb;
  const F11 = msb / msw;
  const F21 = msb / mse;
  const p11 = pf(F11, df11n, df11d, true);
  const p21 = perfect ? 0 : pf(F21, df11n, df21d, true);
  // ICC1 and ICC1k
  const F1L = F11 / q11;
  const F1U = F11 * q11r;
  const L1 = (F1L - 1) / (F1L + (k - 1));
  const U1 = (F1U - 1) / (F1U + k - 1);
  if (perfect) {
    const one = (form: IccForm, df2: number) => make(form, 1, Infinity, df11n, df2, 0, 1, 1);
    return {
      feature,
      forms: {
        ICC1: make('ICC1', ICC1, F11, df11n, df11d, p11, L1, U1),
        ICC2: one('ICC2', df21d),
        ICC3: one('ICC3', df21d),
        ICC1k: make('ICC1k', ICC1k, F11, df11n, df11d, p11, 1 - 1 / F1L, 1 - 1 / F1U),
        ICC2k: one('ICC2k', df21d),
        ICC3k: one('ICC3k', df21d),
      },
      msb,
      msj,
      mse,
      msw,
    };
  }
  // ICC3 and ICC3k
  const F3L = F21 / q21;
  const F3U = F21 * q21r;
  // ICC2 and ICC2k: Satterthwaite degrees of freedom
  const Fj = msj / mse;
  const vn = (k - 1) * (n - 1) * (k * ICC2 * Fj + n * (1 + (k - 1) * ICC2) - k * ICC2) ** 2;
  const vd = (n - 1) * k * k * ICC2 * ICC2 * Fj * Fj + (n * (1 + (k - 1) * ICC2) - k * ICC2) ** 2;
  const v = vn / vd;
  const F2U = qf(1 - alpha / 2, n - 1, v);
  const F2L = qf(1 - alpha / 2, v, n - 1);
  const L2 = (n * (msb - F2U * mse)) / (F2U * (k * msj + (k * n - k - n) * mse) + n * msb);
  const U2 = (n * (F2L * msb - mse)) / (k * msj + (k * n - k - n) * mse + n * F2L * msb);
  return {
    feature,
    forms: {
      ICC1: make('ICC1', ICC1, F11, df11n, df11d, p11, L1, U1),
      ICC2: make('ICC2', ICC2, F21, df11n, df21d, p21, L2, U2),
      ICC3: make('ICC3', ICC3, F21, df11n, df21d, p21, (F3L - 1) / (F3L + k - 1), (F3U - 1) / (F3U + k - 1)),
      ICC1k: make('ICC1k', ICC1k, F11, df11n, df11d, p11, 1 - 1 / F1L, 1 - 1 / F1U),
      ICC2k: make('ICC2k', ICC2k, F21, df11n, df21d, p21, (L2 * k) / (1 + L2 * (k - 1)), (U2 * k) / (1 + U2 * (k - 1))),
      ICC3k: make('ICC3k', ICC3k, F21, df11n, df21d, p21, 1 - 1 / F3L, 1 - 1 / F3U),
    },
    msb,
    msj,
    mse,
    msw,
  };
}

/** Options of {@link repeatedRatingsFromLong}. */
export interface LongRatingsSpec {
  /** Subject (patient, lesion) column. */
  subject: string;
  /** Rater or segmentation column. */
  rater: string;
  /** Feature columns (default: every numeric column other than subject and rater). */
  features?: readonly string[];
  /** How messages name these options (the command line passes its flags). @defaultValue the option names */
  optionName?: OptionNamer;
}

/**
 * Repeated ratings from a long table: one row per subject and rater. Every subject must have
 * exactly one row per rater.
 * @throws DataError for unknown columns, a subject missing a rater or rated twice by one rater,
 *   or missing feature values, naming the subject.
 */
export function repeatedRatingsFromLong(table: Table, spec: LongRatingsSpec): RepeatedRatings {
  const src = table.source;
  const name = spec.optionName ?? libraryOptionName;
  const subjectColumn = table.column(spec.subject, name('subject'));
  const raterColumn = table.column(spec.rater, name('rater'));
  const featureNames = spec.features ? [...spec.features] : table.columns.filter((c) => c.kind === 'numeric' && c.name !== spec.subject && c.name !== spec.rater).map((c) => c.name);
  if (featureNames.length === 0) throw new DataError(`${src}: no numeric feature columns`, 'DATA_NO_FEATURES');
  const featureColumns = featureNames.map((feature) => {
    const c = table.column(feature, name('features'));
    if (c.kind !== 'numeric') throw new DataError(`${src}: feature column ${quote(feature)} is not numeric (${c.firstText ? `${quote(c.firstText.value)} on ${table.locate(c.firstText.row)}` : 'no values'})`, 'DATA_NOT_NUMERIC');
    return c;
  });
  const subjects: string[] = [];
  const raters: string[] = [];
  const cell = new Map<string, number>(); // "subjectIndex/raterIndex" -> row
  for (let i = 0; i < table.nRows; i++) {
    const s = cellValue(subjectColumn, i);
    const r = cellValue(raterColumn, i);
    if (s === null) throw new DataError(`${src}: subject column ${quote(spec.subject)} is missing on ${table.locate(i)}`, 'DATA_MISSING');
    if (r === null) throw new DataError(`${src}: rater column ${quote(spec.rater)} is missing on ${table.locate(i)}`, 'DATA_MISSING');
    let si = subjects.indexOf(s);
    if (si < 0) si = subjects.push(s) - 1;
    let ri = raters.indexOf(r);
    if (ri < 0) ri = raters.push(r) - 1;
    const key = `${si}/${ri}`;
    const previous = cell.get(key);
    if (previous !== undefined) {
      throw new DataError(`${src}: subject ${quote(s)} has two rows for rater ${quote(r)} (${table.locate(previous)} and ${table.locate(i)})`, 'DATA_UNBALANCED');
    }
    cell.set(key, i);
  }
  const byRater = raters.map(() => new Matrix64(subjects.length, featureNames.length));
  for (let si = 0; si < subjects.length; si++) {
    for (let ri = 0; ri < raters.length; ri++) {
      const row = cell.get(`${si}/${ri}`);
      if (row === undefined) {
        throw new DataError(`${src}: subject ${quote(subjects[si])} has no row for rater ${quote(raters[ri])}; every subject needs one row per rater (${plural(raters.length, 'rater')})`, 'DATA_UNBALANCED');
      }
      for (let j = 0; j < featureColumns.length; j++) {
        const v = featureColumns[j].values[row];
        if (Number.isNaN(v)) throw new DataError(`${src}: subject ${quote(subjects[si])} has a missing value of ${quote(featureNames[j])} on ${table.locate(row)}`, 'DATA_MISSING');
        byRater[ri].data[si + j * subjects.length] = v;
      }
    }
  }
  return { subjects, raters, featureNames, byRater };
}

/** Options of {@link repeatedRatingsFromPair}. */
export interface PairedRatingsSpec {
  /** Id column present in both tables. */
  id: string;
  /** Feature columns (default: numeric columns present in both tables, other than the id). */
  features?: readonly string[];
  /** How messages name these options (the command line passes its flags). @defaultValue the option names */
  optionName?: OptionNamer;
}

/**
 * Repeated ratings from two aligned tables (test and retest, or reader 1 and reader 2), matched
 * by id.
 * @throws DataError for ids present in one table only, duplicate ids, features missing from one
 *   table or missing values, naming the subject.
 */
export function repeatedRatingsFromPair(test: Table, retest: Table, spec: PairedRatingsSpec): RepeatedRatings {
  const tables = [test, retest];
  const optionName = spec.optionName ?? libraryOptionName;
  const idColumns = tables.map((t) => t.column(spec.id, optionName('id')));
  const featureNames = spec.features
    ? [...spec.features]
    : test.columns.filter((c) => c.kind === 'numeric' && c.name !== spec.id && retest.has(c.name) && retest.column(c.name).kind === 'numeric').map((c) => c.name);
  if (featureNames.length === 0) throw new DataError(`${test.source} and ${retest.source}: no numeric feature columns in common`, 'DATA_NO_FEATURES');
  const index = tables.map((t, k) => {
    const map = new Map<string, number>();
    for (let i = 0; i < t.nRows; i++) {
      const id = cellValue(idColumns[k], i);
      if (id === null) throw new DataError(`${t.source}: id column ${quote(spec.id)} is missing on ${t.locate(i)}`, 'DATA_MISSING');
      if (map.has(id)) throw new DataError(`${t.source}: duplicate id ${quote(id)} on ${t.locate(map.get(id)!)} and ${t.locate(i)}`, 'DATA_DUPLICATE_ID');
      map.set(id, i);
    }
    return map;
  });
  const subjects = [...index[0].keys()];
  for (const id of subjects) if (!index[1].has(id)) throw new DataError(`${retest.source}: subject ${quote(id)} of ${test.source} has no row here`, 'DATA_UNBALANCED');
  for (const id of index[1].keys()) if (!index[0].has(id)) throw new DataError(`${test.source}: subject ${quote(id)} of ${retest.source} has no row here`, 'DATA_UNBALANCED');
  const byRater = tables.map((t, k) => {
    const m = new Matrix64(subjects.length, featureNames.length);
    featureNames.forEach((name, j) => {
      const column = t.column(name, optionName('features'));
      if (column.kind !== 'numeric') throw new DataError(`${t.source}: feature column ${quote(name)} is not numeric`, 'DATA_NOT_NUMERIC');
      subjects.forEach((id, si) => {
        const row = index[k].get(id)!;
        const v = column.values[row];
        if (Number.isNaN(v)) throw new DataError(`${t.source}: subject ${quote(id)} has a missing value of ${quote(name)} on ${t.locate(row)}`, 'DATA_MISSING');
        m.data[si + j * subjects.length] = v;
      });
    });
    return m;
  });
  return { subjects, raters: [test.source, retest.source], featureNames, byRater };
}
