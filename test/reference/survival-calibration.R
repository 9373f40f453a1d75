# Golden values for radsig's survival calibration at a horizon: Kaplan-Meier survival at 2000 days in
# five groups of predicted survival (cut at its quantiles), and the calibration slope of the linear
# predictor (coxph of the outcome on it), on PBC with a Cox model fitted to half the patients.
# Run from the project root:  Rscript test/reference/survival-calibration.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
d <- pbc_cases()
train <- d[seq(1, nrow(d), by = 2), ]; test <- d[seq(2, nrow(d), by = 2), ]
fit <- coxph(Surv(time, event) ~ age + log(bili) + log(albumin) + log(protime) + edema, data = train)
h <- 2000
pred <- unname(summary(survfit(fit, newdata = test), times = h)$surv[1, ])
lp <- unname(predict(fit, newdata = test, type = "lp"))
br <- unique(quantile(pred, seq(0, 1, 0.2)))
grp <- cut(pred, br, include.lowest = TRUE, labels = FALSE)
groups <- lapply(sort(unique(grp)), function(k) {
  s <- summary(survfit(Surv(time, event) ~ 1, data = test[grp == k, ]), times = h, extend = TRUE)
  list(n = sum(grp == k), predicted = mean(pred[grp == k]), observed = s$surv, lower = s$lower, upper = s$upper)
})
slope <- coxph(Surv(test$time, test$event) ~ lp)
write_golden(list(versions = package_versions("survival"), time = test$time, event = test$event, predicted = pred, lp = lp, horizon = h,
                  groups = groups, slope = unname(coef(slope)), slope_se = unname(sqrt(vcov(slope)[1, 1]))), "test/reference/survival-calibration.json")
