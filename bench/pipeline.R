# The R side of bench/pipeline.mjs: bootstrap validation of the whole radiomics pipeline, the loop an
# R user writes with the reference packages (sva::ComBat, caret::nearZeroVar, a greedy correlation
# filter on base cor(), glmnet::cv.glmnet, glm, pROC::auc, rms::val.prob), the work radsig's
# `radsig run` does for a binary study with harmonize, variance, redundancy, select and a logistic model.
#   Rscript bench/pipeline.R FEATURES.csv B SEED OUT.json
# FEATURES.csv: radsig's simulated cohort (id, center, clinical columns, mvi, then PyRadiomics features).
# Timed inside R, elapsed and CPU (file reading and package loading excluded, reported separately);
# one thread (reference BLAS).
#
# What R does, step by step (radsig in brackets):
#  - original sample: sva::ComBat on the 300 original patients, once (its own fit), because sva cannot
#    apply a fit to new patients [radsig: each resample's learned ComBat estimates transform the
#    original patients, 200 transforms of 300 x 1,000];
#  - each resample b = 1..B: bootstrap rows; sva::ComBat on the bootstrap sample; caret::nearZeroVar
#    (freqCut 95/5, uniqueCut 10) on it; greedy redundancy filter (|Pearson r| > 0.9, features ranked
#    by |r| with the outcome, then variance, as radsig's RedundancyFilter); cv.glmnet (binomial,
#    alpha 1, deviance, 10 folds stratified on the outcome, dfmax 50 as the study default) and
#    lambda.1se; glm (binomial) on the nonzero features; pROC::auc and rms::val.prob (calibration
#    intercept and slope, Brier) on the bootstrap sample, on the original sample and on the out-of-bag
#    patients (for .632+); LOWESS calibration curve (iter = 0) on the sample and the original, read on
#    a grid of 50 points;
#  - plus the apparent model: the same development once on the (harmonized) original sample.
suppressPackageStartupMessages({
  library(sva); library(glmnet); library(pROC); library(caret); library(rms); library(jsonlite)
})
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
B <- as.integer(args[2])
seed <- as.integer(args[3])
out <- args[4]

t_read <- system.time({
  d <- read.csv(file, check.names = FALSE)
})[["elapsed"]]
feature_cols <- grep("^(original|wavelet|log-sigma|square|squareroot|logarithm|exponential|gradient|lbp)", names(d), value = TRUE)
X0 <- as.matrix(d[, feature_cols])
y0 <- d$mvi
batch0 <- as.character(d$center)
n <- nrow(X0)

# elapsed and CPU (user + system) seconds of an expression
clock <- function() { t <- proc.time(); c(elapsed = t[["elapsed"]], cpu = t[["user.self"]] + t[["sys.self"]]) }
measure <- function(expr) { t0 <- clock(); force(expr); clock() - t0 }
# seconds spent in each step, summed over the resamples (the apparent fit excluded)
steps <- c("combat", "nearZeroVar", "redundancy", "cv.glmnet", "glm", "predict", "metrics")
step_seconds <- setNames(numeric(length(steps)), steps)
step_cpu <- step_seconds
counting <- FALSE
timed <- function(name, expr) {
  t0 <- clock()
  r <- force(expr)
  if (counting) {
    d <- clock() - t0
    step_seconds[[name]] <<- step_seconds[[name]] + d[["elapsed"]]
    step_cpu[[name]] <<- step_cpu[[name]] + d[["cpu"]]
  }
  r
}

q <- function(expr) { r <- NULL; invisible(capture.output(suppressMessages(r <- expr))); r }
combat <- function(X, batch) timed("combat", t(q(ComBat(t(X), batch))))

stratified_folds <- function(y, k) {
  f <- integer(length(y))
  for (cl in unique(y)) {
    at <- which(y == cl)
    f[at] <- sample(rep_len(seq_len(k), length(at)))
  }
  f
}

redundancy <- function(X, y, threshold = 0.9) {
  assoc <- abs(cor(X, y))[, 1]
  v <- apply(X, 2, var)
  order_ <- order(-assoc, -v, seq_len(ncol(X)))
  C <- abs(cor(X))
  kept <- integer(0)
  for (j in order_) if (length(kept) == 0 || max(C[j, kept]) <= threshold) kept <- c(kept, j)
  sort(kept)
}

# the development chain on harmonized training features: filters, cv.glmnet, glm
develop <- function(Xh, y) {
  nzv <- timed("nearZeroVar", nearZeroVar(Xh))
  keep <- if (length(nzv) > 0) setdiff(seq_len(ncol(Xh)), nzv) else seq_len(ncol(Xh))
  keep <- keep[timed("redundancy", redundancy(Xh[, keep, drop = FALSE], y))]
  x <- Xh[, keep, drop = FALSE]
  cv <- timed("cv.glmnet", cv.glmnet(x, y, family = "binomial", alpha = 1, nfolds = 10, foldid = stratified_folds(y, 10), dfmax = 50))
  b <- as.matrix(coef(cv, s = "lambda.1se"))[-1, 1]
  sel <- colnames(x)[b != 0]
  df <- data.frame(y = y, Xh[, sel, drop = FALSE], check.names = FALSE)
  fit <- timed("glm", suppressWarnings(glm(y ~ ., family = binomial, data = df)))
  list(fit = fit, sel = sel, kept = length(keep))
}

predict_on <- function(m, Xh) {
  df <- as.data.frame(Xh[, m$sel, drop = FALSE])
  timed("predict", suppressWarnings(predict(m$fit, newdata = df, type = "response")))
}

grid_of <- function(p) { r <- quantile(p, c(0.01, 0.99), type = 7); seq(r[1], r[2], length.out = 50) }

metrics <- function(p, y) timed("metrics", {
  a <- as.numeric(auc(y, p, levels = c(0, 1), direction = "<", quiet = TRUE))
  v <- tryCatch(suppressWarnings(val.prob(p, y, pl = FALSE)), error = function(e) NULL)
  c(auc = a, slope = if (is.null(v)) NA else unname(v["Slope"]), intercept = if (is.null(v)) NA else unname(v["Intercept"]), brier = if (is.null(v)) NA else unname(v["Brier"]))
})

smooth_at <- function(p, y, grid) timed("metrics", {
  s <- lowess(p, y, iter = 0)
  approx(s$x, s$y, xout = grid, ties = "ordered")$y
})

set.seed(seed)
t_total <- measure({
  t_original <- measure(X0h <- combat(X0, batch0))
  t_apparent <- measure({
    m0 <- develop(X0h, y0)
    p0 <- predict_on(m0, X0h)
    apparent <- metrics(p0, y0)
    grid <- grid_of(p0)
  })
  counting <- TRUE
  per <- numeric(B)
  per_cpu <- numeric(B)
  res <- vector("list", B)
  for (b in seq_len(B)) {
    d <- measure({
      idx <- sample.int(n, n, replace = TRUE)
      Xb <- X0[idx, , drop = FALSE]
      yb <- y0[idx]
      Xbh <- combat(Xb, batch0[idx])
      m <- develop(Xbh, yb)
      pb <- predict_on(m, Xbh)
      po <- predict_on(m, X0h)
      oob <- setdiff(seq_len(n), idx)
      res[[b]] <- list(
        train = metrics(pb, yb), test = metrics(po, y0), oob = metrics(po[oob], y0[oob]),
        calTrain = smooth_at(pb, yb, grid), calTest = smooth_at(po, y0, grid),
        selected = length(m$sel), kept = m$kept
      )
    })
    per[b] <- d[["elapsed"]]
    per_cpu[b] <- d[["cpu"]]
  }
})

train <- t(sapply(res, `[[`, "train"))
test <- t(sapply(res, `[[`, "test"))
oob <- t(sapply(res, `[[`, "oob"))
optimism <- colMeans(train - test, na.rm = TRUE)
# as radsig's plus632 (Efron & Tibshirani 1997, on the error scale 1 - AUC, no-information error 0.5)
plus632 <- function(app, oob) {
  err_app <- 1 - app; err_oob <- min(1 - oob, 0.5); gamma <- 0.5
  R <- if (err_oob > err_app && gamma > err_app) min(1, (err_oob - err_app) / (gamma - err_app)) else 0
  w <- 0.632 / (1 - 0.368 * R)
  1 - ((1 - w) * err_app + w * max(err_oob, err_app))
}
# a base-R near-zero-variance rule (caret's freqRatio / percentUnique, tabulate instead of table),
# CPU-timed once on the last bootstrap sample only to say what caret's implementation costs
nzv_base <- function(X, freqCut = 95 / 5, uniqueCut = 10) {
  which(apply(X, 2, function(x) {
    f <- sort(tabulate(match(x, unique(x))), decreasing = TRUE)
    u <- length(f)
    u == 1 || (f[1] / f[2] > freqCut && 100 * u / length(x) <= uniqueCut)
  }))
}
nzv_check <- measure(for (i in 1:5) base_nzv <- nzv_base(Xbh))[["cpu"]] / 5
caret_check <- measure(caret_nzv <- nearZeroVar(Xbh))[["cpu"]]
write_json(list(
  B = B, n = n, features = ncol(X0),
  readSeconds = t_read,
  totalSeconds = t_total[["elapsed"]], totalCpuSeconds = t_total[["cpu"]],
  originalComBatSeconds = t_original[["elapsed"]], originalComBatCpuSeconds = t_original[["cpu"]],
  apparentSeconds = t_apparent[["elapsed"]], apparentCpuSeconds = t_apparent[["cpu"]],
  perResampleSeconds = per, perResampleCpuSeconds = per_cpu,
  stepSeconds = as.list(step_seconds), stepCpuSeconds = as.list(step_cpu),
  nearZeroVarOnce = list(caret = caret_check, baseR = nzv_check, same = identical(as.integer(base_nzv), as.integer(caret_nzv))),
  apparent = as.list(apparent),
  apparentSelected = length(m0$sel),
  optimism = as.list(optimism),
  aucOob = mean(oob[, "auc"], na.rm = TRUE),
  aucCorrected632 = plus632(apparent[["auc"]], mean(oob[, "auc"], na.rm = TRUE)),
  meanSelected = mean(sapply(res, `[[`, "selected")),
  meanKeptAfterFilters = mean(sapply(res, `[[`, "kept")),
  versions = list(R = R.version.string, sva = as.character(packageVersion("sva")), glmnet = as.character(packageVersion("glmnet")), pROC = as.character(packageVersion("pROC")), caret = as.character(packageVersion("caret")), rms = as.character(packageVersion("rms")))
), out, auto_unbox = TRUE, digits = NA, pretty = TRUE)
