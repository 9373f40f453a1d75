/**
 * The demo's study on the simulated cohort: every stage that exists so far, fitted on the training
 * centres only and validated on the held-out centre (external validation), so that nothing learned
 * sees the validation patients. It grows into the study pipeline.
 */
import { Matrix64 } from '../../core/matrix.js';
import { buildDataset, selectDatasetRows } from '../../data/dataset.js';
import type { SimulatedCohort } from '../../data/simulate-cohort.js';
import { ComBat } from '../../harmonize/combat.js';
import { CoxPH } from '../../models/cox-ph.js';
import { RandomSurvivalForest } from '../../models/random-survival-forest.js';
import { fitRandomSurvivalForestParallel } from '../../models/rsf-parallel.js';
import { LogisticRegression } from '../../models/logistic-regression.js';
import { concordanceIndex } from '../../stats/concordance.js';
import { crossValidateElasticNetParallel } from '../../select/cv-elastic-net-parallel.js';
import { ElasticNet } from '../../select/elastic-net.js';
import { repeatedRatingsFromLong } from '../../select/icc.js';
import { RedundancyFilter } from '../../select/redundancy-filter.js';
import { ReproducibilityFilter } from '../../select/reproducibility-filter.js';
import { VarianceFilter } from '../../select/variance-filter.js';
import { aucDeLong, calibration } from '../../validate/binary-metrics.js';
import { timeDependentAuc } from '../../validate/time-dependent.js';

/** What the demo study found. */
export interface DemoStudyResult {
  trainingCentres: string[];
  validationCentre: string;
  nTraining: number;
  nValidation: number;
  features: { start: number; afterVariance: number; afterReproducibility: number; afterRedundancy: number };
  mvi: { lambda1se: number; signature: string[]; trueSignatureFound: number; auc: { estimate: number; lower: number; upper: number }; calibrationIntercept: number | null; calibrationSlope: number | null; brier: number };
  recurrence: { lambda1se: number; signature: string[]; harrellC: number; harrellCLower: number; harrellCUpper: number; unoC: number; auc24: number };
  forest: { trees: number; mtry: number; oobC: number | null; harrellC: number; harrellCLower: number; harrellCUpper: number; topFeatures: string[] };
}

const CLINICAL = ['age', 'sex', 'afp', 'tumor_size_cm', 'cirrhosis'];

/** Runs the study; all fitting uses the training centres only. */
export async function runDemoStudy(cohort: SimulatedCohort, seed = 1, workers = 2): Promise<DemoStudyResult> {
  const all = buildDataset(cohort.features, { id: 'id', outcome: 'mvi', time: 'rfs_months', event: 'recurrence', batch: 'center', covariates: CLINICAL, exclude: ['scanner'] });
  // external validation: the smallest centre is held out
  const sizes = new Map<string, number>();
  for (const b of all.batch!) sizes.set(b, (sizes.get(b) ?? 0) + 1);
  const validationCentre = [...sizes.entries()].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))[0][0];
  const trainRows = all.batch!.flatMap((b, i) => (b === validationCentre ? [] : [i]));
  const testRows = all.batch!.flatMap((b, i) => (b === validationCentre ? [i] : []));
  const train = selectDatasetRows(all, trainRows);
  const test = selectDatasetRows(all, testRows);

  // harmonization learned on the training centres; the held-out centre is a new batch
  const combat = new ComBat().fit(train.X, null, { batch: train.batch!, featureNames: train.featureNames, batchColumn: 'center' });
  const Xtrain = combat.transform(train.X, { batch: train.batch! });
  const Xtest = combat.transform(test.X, { batch: test.batch!, newBatch: 'estimate' });

  // filters: near-zero variance, reproducibility (repeat segmentations), redundancy
  const variance = new VarianceFilter().fit(Xtrain, null, { featureNames: train.featureNames });
  const names1 = variance.keptNames;
  // repeat segmentations of training patients only
  const trainingIds = new Set(train.ids);
  const repeatIds = cohort.repeats.column('id').values as readonly (string | null)[];
  const repeatRows = repeatIds.flatMap((id, row) => (id !== null && trainingIds.has(id) ? [row] : []));
  const ratings = repeatedRatingsFromLong(cohort.repeats.selectRows(repeatRows), { subject: 'id', rater: 'reader', features: names1 });
  const reproducible = new ReproducibilityFilter().fit(variance.transform(Xtrain), null, { icc: ratings, featureNames: names1 });
  const icc = new Map(reproducible.decisions.map((d) => [d.feature, d.icc]));
  const X1 = variance.transform(Xtrain);
  const X2 = reproducible.transform(X1);
  const names2 = reproducible.keptNames;
  const redundancy = new RedundancyFilter({ threshold: 0.9 }).fit(X2, train.y!, { featureNames: names2, icc });
  const selectTrain = (X: Matrix64) => redundancy.transform(reproducible.transform(variance.transform(X)));
  const Ftrain = selectTrain(Xtrain);
  const Ftest = selectTrain(Xtest);
  const names = redundancy.keptNames;
  const truth = new Set(cohort.truth.signature.map((s) => s.feature));

  // MVI: LASSO signature (lambda.1se), Rad-score refitted by logistic regression, validated
  const cvMvi = await crossValidateElasticNetParallel(new ElasticNet({ family: 'binomial' }), Ftrain, train.y!, { stratify: true, seed, featureNames: names, workers });
  const coefMvi = cvMvi.fit.coef(cvMvi.lambda1se);
  const radTrain = cvMvi.fit.linearPredictor(Ftrain, cvMvi.lambda1se);
  const radTest = cvMvi.fit.linearPredictor(Ftest, cvMvi.lambda1se);
  const logistic = new LogisticRegression().fit(Matrix64.fromColumns([radTrain]), train.y!, { featureNames: ['radscore'] });
  const pTest = logistic.predictProbability(Matrix64.fromColumns([radTest]));
  const auc = aucDeLong(pTest, test.y!);
  const cal = calibration(pTest, test.y!);
  const sigMvi = names.filter((_, j) => coefMvi.beta[j] !== 0);

  // recurrence: Cox LASSO signature, Rad-score refitted by Cox regression, validated
  const cvRfs = await crossValidateElasticNetParallel(new ElasticNet({ family: 'cox' }), Ftrain, { time: train.time!, event: train.event! }, { stratify: true, seed, featureNames: names, workers });
  const coefRfs = cvRfs.fit.coef(cvRfs.lambda1se);
  const riskTrain = cvRfs.fit.linearPredictor(Ftrain, cvRfs.lambda1se);
  const riskTest = cvRfs.fit.linearPredictor(Ftest, cvRfs.lambda1se);
  const cox = new CoxPH().fit(Matrix64.fromColumns([riskTrain]), { time: train.time!, event: train.event! }, { featureNames: ['radscore'] });
  const lpTest = cox.linearPredictor(Matrix64.fromColumns([riskTest]));
  const c = concordanceIndex(lpTest, test.time!, test.event!);
  const uno = concordanceIndex(lpTest, test.time!, test.event!, { timewt: 'n/G2' });
  const sigRfs = names.filter((_, j) => coefRfs.beta[j] !== 0);

  // recurrence: random survival forest on the filtered features, validated on the same centre
  const forest = await fitRandomSurvivalForestParallel(new RandomSurvivalForest({ trees: 500, seed, importance: true }), Ftrain, { time: train.time!, event: train.event! }, { featureNames: names, workers });
  const forestC = concordanceIndex(forest.riskScore(Ftest), test.time!, test.event!);

  return {
    trainingCentres: [...sizes.keys()].filter((k) => k !== validationCentre).sort(),
    validationCentre,
    nTraining: train.n,
    nValidation: test.n,
    features: { start: train.featureNames.length, afterVariance: names1.length, afterReproducibility: names2.length, afterRedundancy: names.length },
    mvi: {
      lambda1se: cvMvi.lambda1se,
      signature: sigMvi,
      trueSignatureFound: sigMvi.filter((f) => truth.has(f)).length,
      auc: { estimate: auc.estimate, lower: auc.lower, upper: auc.upper },
      calibrationIntercept: cal.calibrationIntercept,
      calibrationSlope: cal.calibrationSlope,
      brier: cal.brier,
    },
    recurrence: { lambda1se: cvRfs.lambda1se, signature: sigRfs, harrellC: c.estimate, harrellCLower: c.lower, harrellCUpper: c.upper, unoC: uno.estimate, auc24: timeDependentAuc(lpTest, test.time!, test.event!, 24) },
    forest: {
      trees: forest.options.trees,
      mtry: forest.options.mtry,
      oobC: forest.oobCIndex,
      harrellC: forestC.estimate,
      harrellCLower: forestC.lower,
      harrellCUpper: forestC.upper,
      topFeatures: forest.summary().slice(0, 5).map((row) => row.feature),
    },
  };
}

/** The study as text lines. */
export function formatDemoStudy(r: DemoStudyResult): string[] {
  const f = (x: number | null) => (x === null ? 'NA' : x.toFixed(3));
  return [
    `study: trained on centres ${r.trainingCentres.join(', ')} (${r.nTraining} patients), validated on centre ${r.validationCentre} (${r.nValidation} patients, a batch not seen in training)`,
    `features: ${r.features.start} -> ${r.features.afterVariance} (near-zero variance) -> ${r.features.afterReproducibility} (ICC2 >= 0.75, repeat segmentations of training patients) -> ${r.features.afterRedundancy} (|r| <= 0.9)`,
    `MVI: ${r.mvi.signature.length}-feature LASSO signature at lambda.1se (${r.mvi.trueSignatureFound} of them in the true signature); validation AUC ${f(r.mvi.auc.estimate)} (95% CI ${f(r.mvi.auc.lower)}-${f(r.mvi.auc.upper)}), calibration intercept ${f(r.mvi.calibrationIntercept)}, slope ${f(r.mvi.calibrationSlope)}, Brier ${f(r.mvi.brier)}`,
    `recurrence: ${r.recurrence.signature.length}-feature Cox LASSO signature; validation Harrell's C ${f(r.recurrence.harrellC)} (95% CI ${f(r.recurrence.harrellCLower)}-${f(r.recurrence.harrellCUpper)}), Uno's C ${f(r.recurrence.unoC)}, 24-month AUC ${f(r.recurrence.auc24)}`,
    `recurrence, random survival forest (${r.forest.trees} trees, mtry ${r.forest.mtry}): out-of-bag C ${r.forest.oobC === null ? 'n/a' : f(r.forest.oobC)}, validation Harrell's C ${f(r.forest.harrellC)} (95% CI ${f(r.forest.harrellCLower)}-${f(r.forest.harrellCUpper)}); most important: ${r.forest.topFeatures.join(', ')}`,
  ];
}
