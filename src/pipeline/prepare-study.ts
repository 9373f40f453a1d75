/**
 * A study's data read with its roles: the development table (and an external one or a held-out
 * centre), the repeats for the reproducibility step, checked before any fitting, with messages in
 * the study file's keys.
 */
import type { Response } from '../core/estimator.js';
import { DataError, ParameterError } from '../core/errors.js';
import { libraryOptionName, listText, quote, type OptionNamer } from '../core/messages.js';
import { buildDataset, selectDatasetRows, type Dataset } from '../data/dataset.js';
import type { RoleSpec } from '../data/roles.js';
import { cellValue } from '../data/column-values.js';
import { Table } from '../data/table.js';
import { repeatedRatingsFromLong, type RepeatedRatings } from '../select/icc.js';
import type { DevelopmentData } from './develop.js';
import { externalOverlap, type ExternalOverlap } from './external-overlap.js';
import { followUp, ibsUpperBound } from './performance.js';
import { runsCv, type Study } from './study.js';
import type { StudyInput } from './validation.js';


/** The tables of a study, read by the caller (files in Node, strings or bytes in a browser). */
export interface StudyTables {
  train: Table;
  external?: Table | null;
  repeats?: Table | null;
}

/** The study's data, read with its roles. */
export interface PreparedStudy {
  input: StudyInput;
  train: Dataset;
  external: Dataset | null;
  /** How external patients are described in the results ("external.csv", "centre C3"). */
  externalSource: string | null;
  /** What the external patients share with the development patients (identical feature rows). */
  overlap: ExternalOverlap | null;
}

/** Builds the datasets of the study from its tables. @throws DataError naming the table and column. */
export function prepareStudy(study: Study, tables: StudyTables): PreparedStudy {
  const o = study.outcome;
  const harmonize = study.steps.harmonize;
  const covariates = [...new Set([...study.clinical, ...(harmonize?.covariates ?? [])])];
  const externalColumn = study.external ? (study.external.column ?? harmonize?.batch) : undefined;
  const exclude = [...(study.features.exclude ?? [])];
  if (externalColumn !== undefined && externalColumn !== harmonize?.batch) {
    // the column that picks the external patients is no feature (features.include lists the features exactly)
    if (study.features.include === undefined) exclude.push(externalColumn);
    else if (study.features.include.includes(externalColumn)) throw new ParameterError(`${tables.train.source}: external.column ${quote(externalColumn)} is listed in features.include; the column that picks the external patients cannot be a feature`);
  }
  const spec: RoleSpec = {
    ...(study.data.id !== undefined ? { id: study.data.id } : {}),
    // (an outcome value not given is not assumed: the data layer's default rules apply, as on the command line)
    ...(o.type === 'binary' ? { outcome: o.column, ...(o.positive !== undefined ? { positive: o.positive } : {}) } : { time: o.time, event: o.event, ...(o.eventValue !== undefined ? { eventValue: o.eventValue } : {}) }),
    ...(harmonize !== undefined ? { batch: harmonize.batch } : {}),
    covariates,
    ...(study.features.include !== undefined ? { features: study.features.include } : {}),
    ...(exclude.length > 0 ? { exclude } : {}),
  };
  const missing = study.data.missing === 'drop' ? 'drop' : study.data.missing === 'error' ? 'error' : 'allow';
  let train = buildDataset(tables.train, spec, { missing, optionName: studyKeyName });
  let external: Dataset | null = null;
  let externalSource: string | null = null;
  if (study.external !== undefined) {
    const level = String(study.external.batch);
    const column = tables.train.column(externalColumn!);
    const values = Array.from(train.rows, (row) => cellValue(column, row));
    const held = values.flatMap((v, i) => (v === level ? [i] : []));
    if (held.length === 0) throw new DataError(`${tables.train.source}: no patient has ${quote(level)} in column ${quote(externalColumn!)} (the external centre); levels: ${[...new Set(values)].map(quote).join(', ')}`, 'DATA_UNKNOWN_LEVEL');
    const kept = values.flatMap((v, i) => (v === level ? [] : [i]));
    external = selectDatasetRows(train, held);
    train = selectDatasetRows(train, kept);
    externalSource = `${externalColumn} = ${level}`;
  } else if (tables.external) {
    const names = new Set(tables.external.names);
    const absent = train.featureNames.filter((f) => !names.has(f));
    if (absent.length > 0) throw new DataError(`${tables.external.source}: ${absent.length} of the development table's ${train.featureNames.length} feature columns ${absent.length === 1 ? 'is' : 'are'} missing (${listText(absent.map(quote), 4)}); the external table needs the same feature columns`, 'DATA_UNKNOWN_COLUMN');
    external = buildDataset(tables.external, { ...spec, features: train.featureNames, exclude: undefined }, { missing, optionName: studyKeyName, outcomeLevels: train.outcomeLevels });
    externalSource = tables.external.source;
    // an event value not given is inferred per table (0/1, or 1/2 as Surv): both tables must read alike
    if (o.type === 'survival' && o.eventValue === undefined && external.eventValue !== train.eventValue) {
      throw new DataError(
        `${tables.external.source}: event column ${quote(o.event)} reads with event value ${quote(external.eventValue!)}, the development table's with ${quote(train.eventValue!)} (a 1/2 coding is read as Surv reads it, 2 = event); give outcome.eventValue`,
        'DATA_BAD_EVENT',
      );
    }
  }
  const overlap = external === null ? null : externalOverlap(train, external, study.data.id !== undefined, study.external !== undefined ? tables.train.source : tables.external!.source, study.data.id);
  checkOutcome(study, train, tables.train.source);
  checkNotAllConstant(train, tables.train.source);
  if (runsCv(study) && study.validation.folds > train.n) {
    throw new DataError(`${tables.train.source}: validation.folds is ${study.validation.folds}, more than the ${train.n} development patients; each fold needs patients to score`, 'DATA_SHAPE');
  }
  let ratings: RepeatedRatings | null = null;
  const rep = study.steps.reproducibility;
  if (rep !== undefined) {
    if (!tables.repeats) throw new DataError('the reproducibility step needs the repeats table (data.repeats)', 'DATA_NO_REPEATS');
    ratings = repeatedRatingsFromLong(tables.repeats, { subject: rep.subject, rater: rep.rater, features: train.featureNames });
    const ids = new Set(train.ids);
    const matched = ratings.subjects.filter((s) => ids.has(s)).length;
    if (matched < 2) {
      throw new DataError(`${tables.repeats.source}: ${matched} of its ${ratings.subjects.length} subjects in column ${quote(rep.subject)} ${matched === 1 ? 'is a development patient' : 'are development patients'} (ids such as ${quote(ratings.subjects[0] ?? '')} against ${quote(train.ids[0] ?? '')} in ${study.data.id === undefined ? 'the row numbers' : `column ${quote(study.data.id)}`}); ICCs need at least 2`, 'DATA_NO_REPEATS');
    }
  }
  const response: Response = o.type === 'binary' ? train.y! : { time: train.time!, event: train.event! };
  const data: DevelopmentData = { X: train.X.withColumnNames(train.featureNames), response, ids: train.ids, batch: train.batch, covariates: train.covariates };
  const ibsTo = o.type === 'survival' ? ibsUpperBound(study, followUp(train.time!, train.event!).lastFollowUp) : null;
  return { input: { study, data, ratings, calibrationGrid: [], ibsTo }, train, external, externalSource, overlap };
}

/** Some candidate feature must vary among the development patients, or there is nothing to learn from. */
function checkNotAllConstant(train: Dataset, source: string): void {
  const X = train.X;
  for (let j = 0; j < X.cols; j++) {
    let first = NaN;
    for (let i = 0; i < X.rows; i++) {
      const v = X.get(i, j);
      if (Number.isNaN(v)) continue;
      if (Number.isNaN(first)) first = v;
      else if (v !== first) return;
    }
  }
  throw new DataError(`${source}: all ${X.cols} candidate feature${X.cols === 1 ? ' is' : 's are'} constant in the ${train.n} development patients; there is nothing to select or fit (features.include and features.exclude choose the candidates)`, 'DATA_CONSTANT');
}

function checkOutcome(study: Study, train: Dataset, source: string): void {
  if (study.outcome.type === 'binary') {
    let positives = 0;
    for (const v of train.y!) positives += v;
    if (positives < 2 || positives > train.n - 2) throw new DataError(`${source}: the development data have ${positives} positive and ${train.n - positives} negative patients; a study needs at least 2 of each`, 'DATA_ONE_CLASS');
  } else {
    let events = 0;
    for (const v of train.event!) events += v;
    if (events < 2) throw new DataError(`${source}: the development data have ${events} events; a survival study needs events`, 'DATA_NO_EVENTS');
    // Surv and coxph take zero times; glmnet's Cox family does not, so the select step cannot
    const zero = train.time!.indexOf(0);
    if (zero >= 0 && study.steps.select !== undefined) {
      const zeros = train.time!.filter((t) => t === 0).length;
      throw new DataError(`${source}: time column ${quote(study.outcome.time)} has ${zeros} zero time${zeros === 1 ? '' : 's'} (first on ${train.locate(zero)}); the elastic net of steps.select needs positive times, as glmnet`, 'DATA_BAD_TIME');
    }
  }
  if (study.data.missing === 'median' || study.data.missing === 'mean') {
    // imputation learns a fill value from the present values: a feature needs at least one
    const X = train.X;
    for (let j = 0; j < X.cols; j++) {
      const column = X.column(j);
      if (column.every((v) => Number.isNaN(v))) throw new DataError(`${source}: feature column ${quote(train.featureNames[j])} has no values in the ${train.n} development patients, so data.missing "${study.data.missing}" has nothing to learn from; leave it out (features.exclude)`, 'DATA_MISSING');
    }
  }
}

/** Runs `f`, naming the table in a DataError that does not name it yet. */
export function named<T>(source: string, f: () => T): T {
  try {
    return f();
  } catch (error) {
    if (error instanceof DataError && !error.message.startsWith(`${source}:`)) throw new DataError(`${source}: ${error.message}`, error.code);
    throw error;
  }
}

/** The study file's key of each role option, for data-layer messages (`outcome.eventValue`, `data.missing: "drop"`). */
const STUDY_KEYS: Readonly<Record<string, string>> = {
  id: 'data.id',
  outcome: 'outcome.column',
  positive: 'outcome.positive',
  time: 'outcome.time',
  event: 'outcome.event',
  eventValue: 'outcome.eventValue',
  missing: 'data.missing',
  features: 'features.include',
  exclude: 'features.exclude',
  batch: 'steps.harmonize.batch',
  covariates: 'clinical',
};

const studyKeyName: OptionNamer = (option, value) => libraryOptionName(Object.hasOwn(STUDY_KEYS, option) ? STUDY_KEYS[option] : option, value);

/** The upper end of the external patients' integrated Brier score: within the development range and their own follow-up. */
export function externalIbsTo(prepared: PreparedStudy): number | null {
  const { external, input } = prepared;
  if (external === null || external.time === null || input.ibsTo === null || input.ibsTo === undefined) return null;
  return ibsUpperBound(input.study, followUp(external.time, external.event!).lastFollowUp, input.ibsTo);
}
