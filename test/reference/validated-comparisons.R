# Golden values for radsig's validated model comparisons (issue 22): contrasts of AUC and Brier
# between two models on held-out patients, as riskRegression::Score cross-validates them.
#  - PBC (survival): a Cox model of age and edema against a random survival forest (ranger) of
#    bili, albumin and protime; td-AUC and Brier at 1825 and 3650 days with split.method "bootcv"
#    (each bootstrap sample's model scored on the patients it left out), and Brier with "cv5"
#    (pooled out-of-fold predictions of one 5-fold CV, over 40 seeds; see below).
#  - HCC-TACE-Seg (binary): the lasso Rad-score at the first lambda of glmnet's path with 3 nonzero
#    features (radsig's rule "nFeatures") against the logistic regression refitted on those features;
#    AUC and Brier; "bootcv".
# The resamples are riskRegression's own, so radsig's numbers agree within Monte Carlo error: the
# JSON keeps each estimate's per-split standard deviation and the number of splits for that test.
# Run from the project root:  Rscript test/reference/validated-comparisons.R   (about 10 minutes)
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(survival); library(riskRegression); library(ranger); library(glmnet); library(data.table) })

contrast_table <- function(score, metric, keep) {
  # the contrasts of "model" against "reference" with the spread of the splits' differences
  x <- score[[metric]]$contrasts
  cv <- score[[metric]]$cv.contrasts
  delta <- paste0("delta.", metric)
  out <- lapply(seq_len(nrow(x)), function(i) {
    row <- x[i]
    sel <- cv$model == row$model & cv$reference == row$reference
    if ("times" %in% names(x)) sel <- sel & cv$times == row$times
    d <- cv[[delta]][sel]
    list(model = as.character(row$model), reference = as.character(row$reference), times = if ("times" %in% names(x)) row$times else NULL,
         estimate = row[[delta]], lower = row$lower, upper = row$upper, sd = sd(d, na.rm = TRUE), splits = sum(!is.na(d)))
  })
  out
}

# ---- PBC: Cox (age, edema) against a random survival forest (bili, albumin, protime)
d <- pbc_cases()
d <- d[, c("id", "time", "event", "status", "age", "edema", "bili", "albumin", "protime")]
cox <- coxph(Surv(time, event) ~ age + edema, data = d, x = TRUE, y = TRUE)
forest <- ranger(Surv(time, event) ~ bili + albumin + protime, data = d, num.trees = 200, mtry = 2, min.node.size = 15, splitrule = "logrank")
times <- c(1825, 3650)
pbc_boot <- Score(list(clinical = cox, rsf = forest), formula = Surv(time, event) ~ 1, data = d, times = times, metrics = c("auc", "brier"),
                  split.method = "bootcv", B = 400, seed = 11, null.model = FALSE, keep = "cv", contrasts = TRUE, progress.bar = NULL)
# cvK: riskRegression 2022.11.28 cannot cross-validate the time-dependent AUC that way, and with B
# repeats it scores the predictions averaged over repeats (a bagged model); radsig scores each
# repeat's pooled out-of-fold predictions and averages the repeats' values. So: 40 single-repeat
# 5-fold cross-validations (B = 1, one seed each), their Brier contrasts averaged here.
cv_runs <- lapply(1:40, function(k) Score(list(clinical = cox, rsf = forest), formula = Surv(time, event) ~ 1, data = d, times = times, metrics = "brier",
                                           split.method = "cv5", B = 1, seed = 100 + k, null.model = FALSE, contrasts = TRUE, progress.bar = NULL)$Brier$contrasts)
cv_all <- rbindlist(cv_runs)
cv_brier <- lapply(times, function(t) {
  x <- cv_all[cv_all$times == t]
  list(model = as.character(x$model[1]), reference = as.character(x$reference[1]), times = t, estimate = mean(x$delta.Brier), sd = sd(x$delta.Brier), splits = nrow(x))
})

# ---- HCC-TACE-Seg: the lasso Rad-score with 3 features against its logistic refit
h <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
feats <- setdiff(names(h), c("ID", "Target"))
h$y <- h$Target
path_coef <- function(data, k = 3) {
  data <- as.data.frame(data)  # Score passes data.tables
  fit <- glmnet(as.matrix(data[, feats]), data$y, family = "binomial", alpha = 1, dfmax = 50)
  at <- which(fit$df == k)[1]
  if (is.na(at)) at <- which(fit$df > k)[1]
  if (is.na(at)) at <- length(fit$df)
  as.vector(coef(fit, s = fit$lambda[at], exact = FALSE))
}
radscore <- function(formula, data) structure(list(call = match.call(), beta = path_coef(data)), class = "radscore")
refit <- function(formula, data) {
  data <- as.data.frame(data)
  b <- path_coef(data)
  chosen <- feats[b[-1] != 0]
  g <- glm(reformulate(sprintf("`%s`", chosen), "y"), data = data, family = binomial)
  structure(list(call = match.call(), glm = g), class = "refit")
}
predictRisk.radscore <- function(object, newdata, ...) as.vector(plogis(cbind(1, as.matrix(as.data.frame(newdata)[, feats])) %*% object$beta))
predictRisk.refit <- function(object, newdata, ...) as.vector(predict(object$glm, newdata = as.data.frame(newdata), type = "response"))
registerS3method("predictRisk", "radscore", predictRisk.radscore, envir = asNamespace("riskRegression"))
registerS3method("predictRisk", "refit", predictRisk.refit, envir = asNamespace("riskRegression"))
hcc_boot <- suppressWarnings(Score(list(radscore = radscore(y ~ 1, h), logistic = refit(y ~ 1, h)), formula = y ~ 1, data = h, metrics = c("auc", "brier"),
                  split.method = "bootcv", B = 400, seed = 13, null.model = FALSE, keep = "cv", contrasts = TRUE, progress.bar = NULL))

write_golden(list(
  versions = package_versions(c("riskRegression", "survival", "ranger", "glmnet")),
  pbc = list(n = nrow(d), ids = d$id, bootcv = list(B = 400, auc = contrast_table(pbc_boot, "AUC"), brier = contrast_table(pbc_boot, "Brier")),
             cv5 = list(B = 40, auc = list(), brier = cv_brier)),
  hcc = list(n = nrow(h), bootcv = list(B = 400, auc = contrast_table(hcc_boot, "AUC"), brier = contrast_table(hcc_boot, "Brier")))
), "test/reference/validated-comparisons.json")
