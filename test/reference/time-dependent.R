# Golden values for radsig's time-dependent AUC, Brier score and integrated Brier score, from
# riskRegression::Score (IPCW with Kaplan-Meier censoring weights), for a Cox model's predicted
# risks on PBC (complete cases, event = death), at three horizons and on a fine grid.
# Run from the project root:  Rscript test/reference/time-dependent.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(survival); library(riskRegression); library(prodlim) })
d <- pbc_cases()
fit <- coxph(Surv(time, event) ~ age + log(bili) + log(albumin) + log(protime) + edema, data = d, x = TRUE)
score_at <- function(times) {
  risk <- predictRisk(fit, newdata = d, times = times)
  sc <- Score(list(cox = risk), formula = Hist(time, event) ~ 1, data = d, times = times, metrics = c("auc", "brier"),
              summary = "ibs", null.model = FALSE, se.fit = FALSE)
  list(times = times, risk = lapply(seq_along(times), function(k) unname(risk[, k])),
       auc = sc$AUC$score$AUC, brier = sc$Brier$score$Brier, ibs = sc$Brier$score$IBS)
}
out <- list(versions = package_versions(c("riskRegression", "survival")), time = d$time, event = d$event,
            lp = unname(predict(fit, type = "lp")),
            horizons = score_at(c(1000, 2000, 3000)),
            grid = score_at(seq(200, 3600, by = 200)))
write_golden(out, "test/reference/time-dependent.json")
