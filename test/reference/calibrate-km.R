# Golden values for radsig's bias-corrected survival calibration at a horizon (issue 22):
# rms::calibrate(cph, cmethod = "KM", u, m, B) on PBC: a Cox model of age, edema, bili, albumin and
# protime; groups cut at the quantiles of the predicted survival at u with 0 and 1 added (m = n / 5
# patients per group: five groups); per group the mean predicted survival, the Kaplan-Meier survival
# (both exact) and the bootstrap-corrected Kaplan-Meier survival (KM less the mean optimism of
# observed - predicted over B = 2000 resamples; radsig's resamples differ, so its values agree within
# Monte Carlo error).
# Run from the project root:  Rscript test/reference/calibrate-km.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(survival); library(rms) })
d <- pbc_cases()
n <- nrow(d)
out <- list(versions = package_versions(c("rms", "survival")), n = n, ids = d$id, B = 2000, horizons = list())
set.seed(21)
for (u in c(1825, 3650)) {
  fit <- cph(Surv(time, event) ~ age + edema + bili + albumin + protime, data = d, x = TRUE, y = TRUE, surv = TRUE, time.inc = u)
  cal <- calibrate(fit, cmethod = "KM", u = u, m = floor(n / 5), B = 2000)
  out$horizons[[length(out$horizons) + 1]] <- list(u = u, predicted = unname(cal[, "mean.predicted"]), KM = unname(cal[, "KM"]), optimism = unname(cal[, "mean.optimism"]),
                                                    corrected = unname(cal[, "KM.corrected"]), resamples = unname(cal[, "n"]))
}
write_golden(out, "test/reference/calibrate-km.json")
