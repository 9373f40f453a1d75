# Golden values for radsig's held-out decision curves (issue 22): net benefit of the out-of-fold
# predictions of one 5-fold cross-validation (radsig's own, written by radsig to held-out-hcc.csv
# and held-out-pbc.csv: the same predictions on both sides), by dcurves' published definitions
# (Vickers & Elkin 2006; Vickers et al. 2008 for survival), written in base R because Debian has no
# dcurves (read from dcurves' source for its conventions: treated when risk >= threshold; survival
# risk = 1 - Kaplan-Meier survival at the horizon among the treated, 0 net benefit when nobody is).
# Run from the project root:  Rscript test/reference/held-out-decision.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
thresholds <- (1:99) / 100
nb_binary <- function(risk, y) sapply(thresholds, function(pt) {
  treated <- risk >= pt
  mean(treated & y == 1) - mean(treated & y == 0) * pt / (1 - pt)
})
nb_survival <- function(risk, time, event, h) sapply(thresholds, function(pt) {
  treated <- risk >= pt
  share <- mean(treated)
  if (share == 0) return(0)
  s <- summary(survfit(Surv(time[treated], event[treated]) ~ 1), times = h, extend = TRUE)$surv
  (1 - s) * share - s * share * pt / (1 - pt)
})
treat_all_survival <- function(time, event, h) {
  s <- summary(survfit(Surv(time, event) ~ 1), times = h, extend = TRUE)$surv
  (1 - s) - s * thresholds / (1 - thresholds)
}
h <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
hp <- read.csv("test/reference/held-out-hcc.csv", check.names = FALSE)
y <- h$Target[match(hp$ID, h$ID)]
d <- pbc_cases()
pp <- read.csv("test/reference/held-out-pbc.csv", check.names = FALSE)
d <- d[match(pp$id, d$id), ]
prev <- mean(y)
write_golden(list(
  versions = package_versions("survival"),
  thresholds = thresholds,
  hcc = list(radscore = nb_binary(hp[["radscore.oof"]], y), logistic = nb_binary(hp[["logistic.oof"]], y), treatAll = prev - (1 - prev) * thresholds / (1 - thresholds)),
  pbc = list(horizon = 1825,
             clinical = nb_survival(1 - pp[["clinical.oof.survival@1825"]], d$time, d$event, 1825),
             rsf = nb_survival(1 - pp[["rsf.oof.survival@1825"]], d$time, d$event, 1825),
             treatAll = treat_all_survival(d$time, d$event, 1825))
), "test/reference/held-out-decision.json")
