/**
 * The reporting checklists of a study's report: TRIPOD+AI (Collins et al., BMJ 2024;385:e078378,
 * doi:10.1136/bmj-2023-078378), each item linked to the section of the report that answers it or
 * marked as needing the author's input; and the Radiomics Quality Score (Lambin et al., Nat Rev
 * Clin Oncol 2017;14:749-762, doi:10.1038/nrclinonc.2017.141), the points a run evidences and
 * those only the author can claim.
 */
import type { StudyResults } from '../pipeline/results-schema/study-results-schema.js';

/** One TRIPOD+AI item. */
export interface TripodItem {
  item: string;
  topic: string;
  text: string;
  /** Sections of the report that answer the item (ids), empty when the author must. */
  answeredIn: string[];
  /** What the report gives, or what the author must add. */
  note: string;
}

/** TRIPOD+AI items, with where a run's report answers each. */
export function tripodChecklist(results: StudyResults): TripodItem[] {
  const external = results.data.external !== undefined;
  const binary = results.outcome.type === 'binary';
  const author = (item: string, topic: string, text: string, note = 'author to complete'): TripodItem => ({ item, topic, text, answeredIn: [], note });
  const report = (item: string, topic: string, text: string, answeredIn: string[], note: string): TripodItem => ({ item, topic, text, answeredIn, note });
  return [
    report('1', 'Title', 'Identify the study as developing or evaluating the performance of a multivariable prediction model, the target population, and the outcome to be predicted.', ['top'], 'study title and outcome; the author states the target population'),
    author('2', 'Abstract', 'See the TRIPOD+AI for Abstracts checklist.'),
    author('3a', 'Background', 'Explain the healthcare context and rationale for developing or evaluating the prediction model, including references to existing models.'),
    author('3b', 'Background', 'Describe the target population and the intended purpose of the prediction model in the care pathway, including its intended users.'),
    author('3c', 'Background', 'Describe any known health inequalities between sociodemographic groups.'),
    report('4', 'Objectives', 'Specify the study objectives, including whether the study describes the development or validation of a prediction model (or both).', ['summary'], `development${external ? ' with external validation' : ' with internal validation'}; the author states the clinical objective`),
    report('5a', 'Data', 'Describe the sources of data separately for the development and evaluation datasets, the rationale for using these data, and representativeness of the data.', ['data-source'], 'files and centres; the author adds study design, rationale and representativeness'),
    author('5b', 'Data', 'Specify the dates of the collected participant data, including start and end of participant accrual; and, if applicable, end of follow-up.'),
    report('6a', 'Participants', 'Specify key elements of the study setting including the number and location of centres.', ['participants'], 'number of centres and patients per centre; the author adds setting and locations'),
    author('6b', 'Participants', 'Describe the eligibility criteria for study participants.'),
    author('6c', 'Participants', 'Give details of any treatments received, and how they were handled during model development or evaluation, if relevant.'),
    report('7', 'Data preparation', 'Describe any data pre-processing and quality checking, including whether this was similar across relevant sociodemographic groups.', ['development'], 'harmonization, variance, reproducibility and redundancy filters; image acquisition and segmentation by the author'),
    report('8a', 'Outcome', 'Clearly define the outcome that is being predicted and the time horizon, including how and when assessed.', ['participants'], binary ? 'outcome column and positive value; the author defines how it was assessed' : 'time and event columns and horizons; the author defines how events were assessed'),
    author('8b', 'Outcome', 'If outcome assessment requires subjective interpretation, describe the qualifications and demographic characteristics of the outcome assessors.'),
    author('8c', 'Outcome', 'Report any actions to blind assessment of the outcome to be predicted.'),
    report('9a', 'Predictors', 'Describe the choice of initial predictors and any pre-selection of predictors before model building.', ['predictors', 'development'], 'candidate features by image type, clinical predictors, every filter with what it kept'),
    report('9b', 'Predictors', 'Clearly define all predictors, including how and when they were measured.', ['predictors'], 'feature names (PyRadiomics); the author adds imaging protocol and timing'),
    author('9c', 'Predictors', 'If predictor measurement requires subjective interpretation, describe the qualifications and demographic characteristics of the predictor assessors.', 'author to complete (segmentation readers); the inter-reader ICC is in the reproducibility step'),
    report('10', 'Sample size', 'Explain how the study size was arrived at, and justify that the study size was sufficient. Include details of any sample size calculation.', ['sample-size'], "events per candidate parameter and Riley's minimum sample size"),
    report('11', 'Missing data', 'Describe how missing data were handled. Provide reasons for omitting any data.', ['missing-data'], 'policy and rows dropped; the author gives reasons'),
    report('12a', 'Analytical methods', 'Describe how the data were used in the analysis, including whether the data were partitioned.', ['data-source', 'performance'], `development data${external ? ' and a held-out external set' : ''}; ${results.validation.method === 'cv' ? 'repeated cross-validation' : results.validation.method === 'both' ? 'bootstrap and repeated cross-validation' : 'bootstrap'} of the whole process`),
    report('12b', 'Analytical methods', 'Describe how predictors were handled in the analyses (functional form, rescaling, transformation, or any standardisation).', ['development', 'models'], 'ComBat, standardization inside the elastic net, linear terms'),
    report('12c', 'Analytical methods', 'Specify the type of model, rationale, all model-building steps, including any hyperparameter tuning, and method for internal validation.', ['development', 'models', 'performance'], 'every step with its settings, the lambda chosen by cross-validation, internal validation of the whole process'),
    report('12d', 'Analytical methods', 'Describe if and how any heterogeneity in estimates of model parameter values and model performance was handled and quantified across clusters.', ['step-harmonize'], 'centre effects removed by ComBat; performance per centre is not estimated (author)'),
    report('12e', 'Analytical methods', 'Specify all measures and plots used to evaluate model performance and, if relevant, to compare multiple models.', ['performance', 'comparisons'], binary ? 'AUC (DeLong), calibration slope and intercept, Brier score and IPA (scaled Brier), calibration plots, decision curves, DeLong comparisons' : "Harrell's and Uno's C, time-dependent AUC, Brier score and IPA (scaled Brier), calibration at horizons, decision curves, Kaplan-Meier by risk group"),
    report('12f', 'Analytical methods', 'Describe any model updating (e.g., recalibration) arising from the model evaluation.', ['performance'], 'no updating: the models are evaluated as developed'),
    report('12g', 'Analytical methods', 'For model evaluation, describe how the model predictions were calculated.', ['models', 'outputs'], 'coefficients and formulas; model.json applied with radsig apply'),
    report('13', 'Class imbalance', 'If class imbalance methods were used, state why and how this was done.', ['models'], 'none used'),
    author('14', 'Fairness', 'Describe any approaches that were used to address model fairness and their rationale.'),
    report('15', 'Model output', 'Specify the output of the prediction model. Provide details and rationale for any classification and how the thresholds were identified.', ['models', 'performance'], binary ? 'predicted probabilities with their 95% confidence intervals (radsig apply, the calculator); the Youden threshold is shown for information only' : 'survival probabilities at the horizons with their 95% confidence intervals (radsig apply, the calculator); risk groups split at the median risk of the development data'),
    report('16', 'Training versus evaluation', 'Identify any differences between the development and evaluation data in healthcare setting, eligibility criteria, outcome, and predictors.', external ? ['participants'] : [], external ? 'centres and outcome rates compared; the author adds setting and eligibility' : 'no external data'),
    author('17', 'Ethical approval', 'Name the institutional research board or ethics committee that approved the study and describe the participant-informed consent or its waiver.'),
    author('18a', 'Funding', 'Give the source of funding and the role of the funders for the present study.'),
    author('18b', 'Conflicts of interest', 'Declare any conflicts of interest and financial disclosures for all authors.'),
    author('18c', 'Protocol', 'Indicate where the study protocol can be accessed or state that a protocol was not prepared.', 'author to complete; the study file and results.json record every setting'),
    author('18d', 'Registration', 'Provide registration information for the study, or state that the study was not registered.'),
    author('18e', 'Data sharing', 'Provide details of the availability of the study data.'),
    report('18f', 'Code sharing', 'Provide details of the availability of the analytical code.', ['outputs'], 'radsig version and seed; the author says where the study file is shared'),
    author('19', 'Patient and public involvement', 'Provide details of any patient and public involvement, or state no involvement.'),
    report('20a', 'Participants', 'Describe the flow of participants through the study, including the number of participants with and without the outcome and a summary of the follow-up time.', ['participants'], 'patients, outcomes and follow-up per data set; the flow diagram by the author'),
    report('20b', 'Participants', 'Report the characteristics overall and for each data source or setting, including sample size, number of outcome events, follow-up time, and amount of missing data.', ['participants', 'missing-data'], 'per centre; demographics by the author'),
    author('20c', 'Participants', 'For model evaluation, show a comparison with the development data of the distribution of important predictors.', 'author to complete (predictor distributions by data set)'),
    report('21', 'Model development', 'Specify the number of participants and outcome events in each analysis.', ['participants', 'performance'], 'per data set and for each model fit'),
    report('22', 'Model specification', 'Provide details of the full prediction model to allow predictions in new individuals and to enable third-party evaluation and implementation.', ['models', 'outputs'], 'coefficients, Rad-score formula, nomograms, the frozen model.json'),
    report('23a', 'Model performance', 'Report model performance estimates with confidence intervals, including for any key subgroups.', ['performance'], 'apparent, internally validated and external with 95% CIs; subgroups by the author'),
    author('23b', 'Model performance', 'If examined, report results of any heterogeneity in model performance across clusters.'),
    report('24', 'Model updating', 'Report the results from any model updating, including the updated model and subsequent performance.', ['performance'], 'no updating'),
    author('25', 'Interpretation', 'Give an overall interpretation of the main results, including issues of fairness in the context of the objectives and previous studies.'),
    author('26', 'Limitations', 'Discuss any limitations of the study and their effects on any biases, statistical uncertainty, and generalizability.', 'author to complete; see the sample size and the optimism of each measure'),
    author('27a', 'Usability', 'Describe how poor quality or unavailable input data should be assessed and handled when implementing the prediction model.'),
    author('27b', 'Usability', 'Specify whether users will be required to interact in the handling of the input data or use of the model, and what level of expertise is required of users.'),
    author('27c', 'Usability', 'Discuss any next steps for future research, with a specific view to applicability and generalizability of the model.'),
  ];
}

/** One Radiomics Quality Score item. */
export interface RqsItem {
  item: number;
  criterion: string;
  /** The points the item can give (the range, as in Lambin et al.). */
  possible: string;
  /** Points the run evidences, or null when only the author can claim them. */
  points: number | null;
  /** Evidence from the run, or what the author must show. */
  evidence: string;
  answeredIn: string[];
}

/** RQS items: those the run evidences with points, and those only the author can claim. */
export function radiomicsQualityScore(results: StudyResults): RqsItem[] {
  const s = results.steps;
  const models = Object.keys(results.models);
  const hasClinical = models.includes('combined') || models.includes('clinical');
  const external = results.data.external !== undefined;
  // external data earn the RQS validation points only when they are from elsewhere: no patient with a development patient's exact features
  const shared = (results.data.external as { overlap?: { identicalRows?: number } | null } | undefined)?.overlap?.identicalRows ?? 0;
  const independent = external && shared === 0;
  const resampling = results.validation.method === 'bootstrap' || results.validation.method === 'cv' || results.validation.method === 'both';
  const author = (item: number, criterion: string, possible: string, evidence: string): RqsItem => ({ item, criterion, possible, points: null, evidence, answeredIn: [] });
  return [
    author(1, 'Image protocol quality', '0 to +2', 'author: a documented (+1) or public (+1) imaging protocol'),
    s.reproducibility
      ? { item: 2, criterion: 'Multiple segmentations', possible: '0 or +1', points: 1, evidence: `repeat segmentations of ${s.reproducibility.subjects} patients by ${s.reproducibility.raters} readers; ${s.reproducibility.dropped.length} features with low ICC dropped`, answeredIn: ['step-reproducibility'] }
      : author(2, 'Multiple segmentations', '0 or +1', 'author: no repeat segmentations in this run'),
    author(3, 'Phantom study on all scanners', '0 or +1', 'author'),
    author(4, 'Imaging at multiple time points', '0 or +1', 'author'),
    s.select
      ? { item: 5, criterion: 'Feature reduction or adjustment for multiple testing', possible: '−3 or +3', points: 3, evidence: `elastic net (alpha ${String(s.select.settings?.alpha ?? '')}) with cross-validated lambda${s.redundancy ? ', after the redundancy filter' : ''}`, answeredIn: ['step-select'] }
      : { item: 5, criterion: 'Feature reduction or adjustment for multiple testing', possible: '−3 or +3', points: -3, evidence: 'no feature selection step', answeredIn: ['development'] },
    hasClinical
      ? { item: 6, criterion: 'Multivariable analysis with non-radiomic features', possible: '0 or +1', points: 1, evidence: `clinical predictors: ${results.data.features.clinical.join(', ')}`, answeredIn: ['models'] }
      : author(6, 'Multivariable analysis with non-radiomic features', '0 or +1', 'no clinical model in this run'),
    author(7, 'Detect and discuss biological correlates', '0 or +1', 'author'),
    { item: 8, criterion: 'Cut-off analyses', possible: '0 or +1', points: 1, evidence: results.outcome.type === 'survival' ? 'risk groups split at the median risk of the development data' : 'continuous predicted risk reported', answeredIn: ['performance'] },
    { item: 9, criterion: 'Discrimination statistics', possible: '0 to +2', points: resampling ? 2 : 1, evidence: `${results.outcome.type === 'binary' ? 'AUC with DeLong CI' : "Harrell's C with CI"}${resampling ? `, ${results.validation.method === 'cv' ? 'cross-validated' : 'bootstrap optimism-corrected'}` : ''}`, answeredIn: ['performance'] },
    { item: 10, criterion: 'Calibration statistics', possible: '0 to +2', points: resampling ? 2 : 1, evidence: `${results.outcome.type === 'binary' ? 'calibration slope, intercept and plot' : 'calibration at each horizon and Brier score'}${resampling ? ', with resampling' : ''}`, answeredIn: ['performance'] },
    author(11, 'Prospective study registered in a trial database', '0 or +7', 'author'),
    independent
      ? { item: 12, criterion: 'Validation', possible: '−5 to +5', points: 3, evidence: `external validation on ${results.data.external!.description ?? results.data.external!.source} (+3 for one other institute; +4 or +5 with more external data sets: author)`, answeredIn: ['performance'] }
      : resampling
        ? { item: 12, criterion: 'Validation', possible: '−5 to +5', points: 2, evidence: `internal validation of the whole process only${external ? `; the external set (${results.data.external!.description ?? results.data.external!.source}) is not counted: ${shared} of its patients have exactly the features of development patients` : ''}`, answeredIn: ['performance'] }
        : { item: 12, criterion: 'Validation', possible: '−5 to +5', points: -5, evidence: 'no validation', answeredIn: ['performance'] },
    author(13, "Comparison to 'gold standard'", '0 or +2', hasClinical ? 'author: the clinical model is compared in this report; the author states whether it is the gold standard' : 'author'),
    results.models[models[0]]?.curves?.development?.decision ? { item: 14, criterion: 'Potential clinical utility', possible: '0 or +2', points: 2, evidence: 'decision curve analysis', answeredIn: ['performance'] } : author(14, 'Potential clinical utility', '0 or +2', 'author'),
    author(15, 'Cost-effectiveness analysis', '0 or +1', 'author'),
    author(16, 'Open science and data', '0 to +4', 'author: open scans (+1), segmentations (+1), code (+1), features with representative ROIs (+1)'),
  ];
}
