/**
 * radsig in any JavaScript runtime (browsers included): the numerical core, grouped by stage, with
 * no Node built-in. The Node entry (`radsig`) adds files, worker threads and the command line.
 */

// core
export { RadsigError, ParameterError, DataError, ModelFormatError } from './core/errors.js';
export { Matrix64 } from './core/matrix.js';
export { toMatrix, isSurvivalResponse, type BinaryResponse, type SurvivalResponse, type Response, type MatrixInput, type MatrixLikeRows, type FitOptions, type BinaryModel, type SurvivalModel, type FittedTransformer } from './core/estimator.js';
export { Rng } from './core/rng.js';
export { wrapModel, openModel, ModelReader, toPlainArray, type ModelEnvelope } from './core/model-json.js';
export { RADSIG_VERSION } from './core/version.js';

// data
export { Table, numericColumn, textColumn, formatNumber, type Column, type NumericColumn, type TextColumn } from './data/table.js';
export { parseTable, type ReadTableOptions } from './data/parse-table.js';
export { formatTable, formulaCells, formulaCellsWarning, type FormulaCells, type WriteTableOptions } from './data/format-table.js';
export { toTable, type TableInput, type DanfoLike, type ArqueroLike } from './data/to-table.js';
export { resolveRoles, type RoleSpec, type ResolvedRoles } from './data/roles.js';
export { buildDataset, checkRoleValues, selectDatasetRows, type Dataset, type BuildDatasetOptions, type MissingPolicy } from './data/dataset.js';
export { Imputer, FittedImputer, type ImputerOptions } from './data/imputer.js';
export { describeTable, type TableDescription } from './data/describe.js';
export { isBookkeepingColumn, parseFeatureName, type FeatureNameParts } from './data/pyradiomics.js';
export { simulateCohort, type SimulateCohortOptions, type SimulatedCohort, type CohortTruth } from './data/simulate-cohort.js';
export { DEFAULT_MISSING_TOKENS } from './data/parse-number.js';

// harmonize
export { ComBat } from './harmonize/combat/combat.js';
export { FittedComBat } from './harmonize/combat/fitted-combat.js';
export type { ComBatOptions, ComBatTransformOptions, ComBatBatchEstimates } from './harmonize/combat/options.js';
export { batchEffectDiagnostics, batchEffectSnapshot, type BatchEffectDiagnostics, type BatchEffectSnapshot } from './harmonize/batch-diagnostics.js';
export { CovariateDesign, type CovariateTerm } from './data/covariate-design.js';

// select
export { computeIcc, repeatedRatingsFromLong, repeatedRatingsFromPair, ICC_FORMS, type IccForm, type IccEstimate, type FeatureIcc, type IccResult, type IccOptions, type RepeatedRatings, type LongRatingsSpec, type PairedRatingsSpec } from './select/icc.js';

export { VarianceFilter, FittedVarianceFilter, type VarianceFilterOptions, type VarianceMetrics } from './select/variance-filter.js';
export { ReproducibilityFilter, FittedReproducibilityFilter, type ReproducibilityFilterOptions, type ReproducibilityDecision } from './select/reproducibility-filter.js';
export { RedundancyFilter, FittedRedundancyFilter, nullMartingaleResiduals, type RedundancyFilterOptions, type RedundancyFitOptions, type RedundancyDecision } from './select/redundancy-filter.js';
export { FittedColumnSelection } from './select/column-selection.js';
export { crossValidateElasticNet, chooseLambda, makeFolds, harrellC, aucOf, type CvElasticNetOptions, type CvElasticNetResult, type CvMeasure } from './select/cv-elastic-net.js';
export { stabilitySelection, type StabilitySelectionOptions, type StabilitySelectionResult } from './select/stability-selection.js';
export { BinarySignature, CoxSignature, signatureFromJSON, type ElasticNetSignature } from './select/elastic-net-signature.js';
export { ElasticNet } from './select/elastic-net/elastic-net.js';
export { FittedElasticNet, interpolateLambda } from './select/elastic-net/fitted-elastic-net.js';
export { selectResponseRows, type ElasticNetOptions, type ElasticNetFamily, type ElasticNetResponse, type ElasticNetFitOptions } from './select/elastic-net/options.js';

// models
export { LogisticRegression } from './models/logistic-regression.js';
export { FittedLogisticRegression } from './models/fitted-logistic-regression.js';
export type { LogisticRegressionOptions } from './models/logistic-options.js';
export { CoxPH } from './models/cox-ph.js';
export { FittedCoxPH } from './models/fitted-cox-ph.js';
export type { CoxPHOptions } from './models/cox-options.js';
export { waldTable, type CoefficientRow } from './models/regression-table.js';
export { coxZph, type CoxZphResult } from './models/cox-zph.js';
export { RandomSurvivalForest } from './models/random-survival-forest.js';
export { FittedRandomSurvivalForest, type ForestPrediction } from './models/fitted-random-survival-forest.js';
export type { RandomSurvivalForestOptions, ResolvedForestOptions } from './models/forest-options.js';
export type { ForestImportanceRow } from './models/forest-importance.js';
export { type SurvivalTree } from './models/survival-tree.js';
export { nomogramData, nomogramLinearPredictor, logisticNomogram, coxNomogram, type NomogramData, type NomogramAxis, type NomogramTerm, type NomogramFunction, type NomogramFunctionAxis, type NomogramOptions } from './models/nomogram.js';

// validate
export { aucDeLong, aucBootstrap, delongTest, delongPlacements, rocCurve, youdenThreshold, calibration, hosmerLemeshow, netBenefit, type IntervalEstimate, type CalibrationResult } from './validate/binary-metrics.js';

export { concordanceIndex, type ConcordanceOptions, type ConcordanceResult } from './stats/concordance.js';

export { timeDependentAuc, brierScore, integratedBrierScore } from './validate/time-dependent.js';
export { survivalCalibration, coxCalibrationSlope, type SurvivalCalibrationGroup } from './validate/survival-calibration.js';
export { riskGroupCutoffs, assignRiskGroups, riskGroupSurvival, survivalNetBenefit, type RiskGroupMethod } from './validate/survival-utility.js';
export { logRankTest, type LogRankResult } from './stats/log-rank.js';
export { minimumSampleSize, coxSnellR2, type MinimumSampleSizeOptions, type MinimumSampleSize, type SampleSizeCriterion, type OverallRiskPrecision } from './validate/sample-size.js';

// stats
export { kaplanMeier, medianFollowUp, survivalQuantile, type KaplanMeierCurve, type KaplanMeierOptions, type KmConfType } from './stats/kaplan-meier.js';
export { pnorm, qnorm } from './stats/normal.js';
export { lowess, type LowessOptions } from './stats/lowess.js';
export { pretty, tickLabels } from './stats/pretty.js';
export { quantile7, quantileGroups } from './stats/quantile.js';
export { censoringSurvival } from './stats/censoring-survival.js';
export { lgamma, lbeta, gammaP, betaI, pchisq, qchisq, pf, qf, pt, qt } from './stats/distributions.js';
export { oneWayAnova, kruskalWallis, type GroupTestResult } from './stats/group-tests.js';
export { averageRanks } from './stats/ranks.js';
export { correlationMatrix, unitColumns } from './stats/correlation.js';

// pipeline
export { parseStudy, resolveStudy, type Study, type StudyModel } from './pipeline/study.js';
export { STUDY_SCHEMA } from './pipeline/study-schema.js';
export { StudyResultsSchema as RESULTS_SCHEMA, RESULTS_SCHEMA_VERSION } from './pipeline/results-schema/study-results-schema.js';
export type {
  StudyResults, ModelResult, BinaryModelResult, SurvivalModelResult, ModelCurves, BinaryModelCurves, SurvivalModelCurves, ModelDetails, Comparison, DataSummary, Steps,
  BinaryCurves, SurvivalCurves, RiskGroups, Roc, PredictionSource, BootstrapMeasure, BootstrapValidation, CrossValidatedMeasure, CvValidation, ExternalMeasure, OutOfBag, CoefficientResult, Nomogram,
} from './pipeline/results-schema/study-results-schema.js';
export { readStudyResults, resultsProblem } from './pipeline/results-schema/check-results.js';
export { ModelFileSchema as MODEL_FILE_SCHEMA, type ModelFile } from './pipeline/results-schema/model-file-schema.js';
export { developStudy, type DevelopmentData, type DevelopmentDetails } from './pipeline/develop.js';
export { FittedStudy, type StudyPrediction, type StudyModelFit, type TransformContext, type StepName, type FittedStep } from './pipeline/fitted-study.js';
export { runStudy, type StudyRun, type RunStudyOptions, type TaskRunner } from './pipeline/run-study.js';
export { prepareStudy, type StudyTables, type PreparedStudy } from './pipeline/prepare-study.js';
export { plus632 } from './pipeline/resampling-summary.js';
export { runValidationTask, validationTasks, type StudyInput, type TaskResult, type ValidationTask } from './pipeline/validation.js';
export { applyFittedStudy } from './pipeline/apply-study.js';
export { metricNames, modelMetrics, evaluationTimes, type Metrics } from './pipeline/performance.js';
export { demoStudies } from './pipeline/demo-studies.js';

// report
export { plainReport, escapeHtml } from './report/plain-report.js';
export { reportCharts, type ReportChart, type ChartSection } from './report/charts/report-charts.js';
export { CHART_CONFIG, CHART_FONT, type VegaLiteSpec } from './report/charts/chart-spec.js';
export { reportHtml, type CompiledChart, type ReportHtmlOptions } from './report/report-html.js';
export { tripodChecklist, radiomicsQualityScore, type TripodItem, type RqsItem } from './report/reporting-checklists.js';
export { sampleSizeCheck, type SampleSizeCheck } from './report/sample-size-check.js';
export { calculatorHtml, type CalculatorPageOptions } from './report/calculator-html.js';
export { StudyCalculator, CALCULATOR_MODELS, type CalculatorInput, type CalculatorPrediction, type PatientValues } from './report/calculator-runtime.js';
