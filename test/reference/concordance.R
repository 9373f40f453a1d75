# Golden values for radsig's concordance: survival::concordance, Harrell (timewt = "n") and Uno
# (timewt = "n/G2", with and without a truncation time ymax), concordance and its standard error.
# Scores: Cox linear predictors on PBC (complete cases, event = death), and a deliberately coarse
# score (many ties) on the same data.
# Run from the project root:  Rscript test/reference/concordance.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
d <- pbc_cases()
lp <- unname(predict(coxph(Surv(time, event) ~ age + log(bili) + log(albumin) + log(protime) + edema, data = d), type = "lp"))
coarse <- round(lp)
one <- function(score, timewt, ymax = NULL) {
  f <- concordance(Surv(d$time, d$event) ~ score, reverse = TRUE, timewt = timewt, ymax = ymax)
  list(concordance = unname(f$concordance), se = sqrt(unname(f$var)), count = unname(f$count))
}
out <- list(versions = package_versions("survival"), time = d$time, event = d$event, lp = lp, coarse = coarse,
  harrell = one(lp, "n"), harrell_coarse = one(coarse, "n"),
  uno = one(lp, "n/G2"), uno_tau = one(lp, "n/G2", ymax = 2000), uno_coarse = one(coarse, "n/G2"))
write_golden(out, "test/reference/concordance.json")
