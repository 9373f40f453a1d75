# Golden values for radsig's calibration slope of survival predictions (issue 26): a Cox model of
# age, log(bili), log(albumin), log(protime) and edema fitted on PBC's women (complete cases, event =
# death) and its linear predictor on the men, coef(coxph(Surv(time, event) ~ lp)) on the men, which is
# rms::validate(cph)'s "Slope" index computed on new patients. radsig regresses on the complementary
# log-log of the predicted risk by a horizon, the linear predictor plus a constant for a Cox model, so
# the slopes agree.
# Run from the project root:  Rscript test/reference/survival-calibration-slope.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
d <- pbc_cases()
d$logbili <- log(d$bili); d$logalb <- log(d$albumin); d$logpro <- log(d$protime)
dev <- d[d$sex == "f", ]
ext <- d[d$sex == "m", ]
fit <- coxph(Surv(time, event) ~ age + logbili + logalb + logpro + edema, data = dev)
ext$lp <- predict(fit, newdata = ext, type = "lp")
slope <- coxph(Surv(time, event) ~ lp, data = ext)
dev$lp <- predict(fit, type = "lp")
apparent <- coxph(Surv(time, event) ~ lp, data = dev)
out <- list(versions = package_versions("survival"), development = which(d$sex == "f"), external = which(d$sex == "m"),
            slope = unname(coef(slope)), slope_se = unname(sqrt(diag(vcov(slope)))), apparent = unname(coef(apparent)))
write_golden(out, "test/reference/survival-calibration-slope.json")
