# Golden values for radsig's Kaplan-Meier estimator and reverse-KM median follow-up.
# Run from the project root:  Rscript test/reference/kaplan-meier.R
library(survival)
source("test/reference/helpers.R")
pbc <- read.csv(gzfile("data/pbc.csv.gz"))
curve <- function(time, event, conf.type) {
  f <- survfit(Surv(time, event) ~ 1, conf.type = conf.type)
  q <- quantile(f, 0.5)
  list(time = f$time, n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
       surv = f$surv, std_err = f$std.err,
       lower = if (conf.type == "none") NULL else f$lower,
       upper = if (conf.type == "none") NULL else f$upper,
       median = unname(q$quantile), median_lower = unname(q$lower), median_upper = unname(q$upper))
}
# a curve that is flat at exactly 0.5 (median = midpoint of the flat stretch), with ties
flat_time <- c(1, 2, 3, 4, 5, 6)
flat_event <- c(1, 1, 1, 0, 1, 0)
out <- list(
  versions = package_versions("survival"),
  pbc_death = list(
    input = list(time = pbc$time, event = as.integer(pbc$status == 2)),
    log = curve(pbc$time, pbc$status == 2, "log"),
    loglog = curve(pbc$time, pbc$status == 2, "log-log"),
    plain = curve(pbc$time, pbc$status == 2, "plain"),
    reverse_median = unname(quantile(survfit(Surv(pbc$time, pbc$status != 2) ~ 1), 0.5)$quantile)
  ),
  flat = list(
    input = list(time = flat_time, event = flat_event),
    log = curve(flat_time, flat_event, "log")
  )
)
write_golden(out, "test/reference/kaplan-meier.json")
