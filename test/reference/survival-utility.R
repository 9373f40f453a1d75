# Golden values for radsig's survival decision curve (net benefit at a horizon with Kaplan-Meier
# risks, by the formula of Vickers et al. 2008) and tertile cut-offs, on PBC with a Cox model's
# predicted 2000-day risks.
# Run from the project root:  Rscript test/reference/survival-utility.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
d <- pbc_cases()
fit <- coxph(Surv(time, event) ~ age + log(bili) + log(albumin) + log(protime) + edema, data = d)
h <- 2000
sf <- survfit(fit, newdata = d)
risk <- 1 - unname(summary(sf, times = h)$surv[1, ])
km_risk <- function(rows) if (sum(rows) == 0) 0 else 1 - summary(survfit(Surv(time, event) ~ 1, data = d[rows, ]), times = h, extend = TRUE)$surv
thresholds <- seq(0.05, 0.6, by = 0.05)
all <- km_risk(rep(TRUE, nrow(d)))
nb <- lapply(thresholds, function(pt) {
  tr <- risk >= pt; share <- mean(tr); f <- km_risk(tr)
  list(threshold = pt, model = f * share - (1 - f) * share * pt / (1 - pt), treatAll = all - (1 - all) * pt / (1 - pt))
})
lp <- unname(predict(fit, type = "lp"))
out <- list(versions = package_versions("survival"), time = d$time, event = d$event, risk = risk, horizon = h, net_benefit = nb,
            lp = lp, tertiles = unname(quantile(lp, c(1/3, 2/3))), logrank_tertiles = unname(survdiff(Surv(d$time, d$event) ~ cut(lp, c(-Inf, quantile(lp, c(1/3, 2/3)), Inf)))$chisq))
write_golden(out, "test/reference/survival-utility.json")
