# Golden values for radsig's index of prediction accuracy (IPA, the scaled Brier score: 1 - Brier /
# Brier of the null model) from riskRegression::Score(summary = "ipa", null.model = TRUE):
# binary, a logistic model on four features of HCC-TACE-Seg (null model: the observed prevalence);
# survival, a Cox model on PBC (complete cases, event = death) at three horizons (null model: the
# Kaplan-Meier estimate of the same patients, IPCW Brier with Kaplan-Meier censoring weights).
# Run from the project root:  Rscript test/reference/scaled-brier.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(survival); library(riskRegression); library(prodlim) })

hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
lr <- glm(Target ~ Mass_original_firstorder_Mean + Liver_original_glcm_Contrast + Mass_original_shape_Sphericity +
            Portal_vein_original_firstorder_Entropy, family = binomial, data = hcc)
p <- unname(fitted(lr))
sb <- Score(list(logistic = p), formula = Target ~ 1, data = hcc, metrics = "brier", summary = "ipa",
            null.model = TRUE, se.fit = FALSE)$Brier$score
binary <- list(y = hcc$Target, p = p,
               brier = sb[model == "logistic", Brier], ipa = sb[model == "logistic", IPA],
               null_brier = sb[model == "Null model", Brier])

d <- pbc_cases()
fit <- coxph(Surv(time, event) ~ age + log(bili) + log(albumin) + log(protime) + edema, data = d, x = TRUE)
times <- c(1000, 2000, 3000)
risk <- predictRisk(fit, newdata = d, times = times)
ss <- Score(list(cox = risk), formula = Hist(time, event) ~ 1, data = d, times = times, metrics = "brier",
            summary = "ipa", null.model = TRUE, se.fit = FALSE)$Brier$score
survival <- list(time = d$time, event = d$event, times = times,
                 risk = lapply(seq_along(times), function(k) unname(risk[, k])),
                 brier = ss[model == "cox", Brier], ipa = ss[model == "cox", IPA],
                 null_brier = ss[model == "Null model", Brier])

out <- list(versions = package_versions(c("riskRegression", "survival", "prodlim")), binary = binary, survival = survival)
write_golden(out, "test/reference/scaled-brier.json")
