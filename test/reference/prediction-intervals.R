# Golden values for radsig's 95% intervals of predicted risks (issue 24):
# - logistic: predict(glm, newdata, type = "link", se.fit = TRUE), the interval plogis(eta +/- 1.96 se)
#   on HCC-TACE-Seg (three features) and PBC (event = death as a binary outcome);
# - Cox: summary(survfit(coxph, newdata), times) with se.fit (the standard error of the cumulative
#   hazard, baseline hazard variance included) and conf.type = "log" (the default), Efron and Breslow
#   ties, on PBC complete cases.
# Run from the project root:  Rscript test/reference/prediction-intervals.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
d <- pbc_cases()
d$logbili <- log(d$bili); d$logalb <- log(d$albumin); d$logpro <- log(d$protime)
rows <- c(1, 2, 50, 100, 200, 300, nrow(d))
vars <- c("age", "logbili", "logalb", "logpro", "edema")
times <- c(400, 1000, 1825, 3650, 4500)
cox <- function(ties) {
  f <- coxph(Surv(time, event) ~ age + logbili + logalb + logpro + edema, data = d, ties = ties)
  s <- summary(survfit(f, newdata = d[rows, vars], se.fit = TRUE), times = times, extend = TRUE)
  list(survival = lapply(seq_along(rows), function(k) unname(s$surv[, k])), se = lapply(seq_along(rows), function(k) unname(s$std.err[, k] / s$surv[, k])),
       lower = lapply(seq_along(rows), function(k) unname(s$lower[, k])), upper = lapply(seq_along(rows), function(k) unname(s$upper[, k])))
}
logit <- function(data, formula, newrows) {
  f <- glm(formula, family = binomial, data = data)
  p <- predict(f, newdata = data[newrows, ], type = "link", se.fit = TRUE)
  list(eta = unname(p$fit), se = unname(p$se.fit), probability = unname(plogis(p$fit)), lower = unname(plogis(p$fit - qnorm(0.975) * p$se.fit)), upper = unname(plogis(p$fit + qnorm(0.975) * p$se.fit)))
}
hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
names(hcc) <- make.names(names(hcc))
out <- list(versions = package_versions("survival"),
  pbc = list(rows = rows, times = times, efron = cox("efron"), breslow = cox("breslow"), logistic = logit(d, event ~ age + logbili + logalb + logpro + edema, rows)),
  hcc = list(rows = c(1, 5, 20, 40, nrow(hcc)), logistic = logit(hcc, Target ~ Mass_original_firstorder_Mean + Liver_original_glcm_Contrast + Mass_original_shape_Sphericity, c(1, 5, 20, 40, nrow(hcc)))))
write_golden(out, "test/reference/prediction-intervals.json")
