# Golden values for radsig's binary-outcome metrics: pROC (AUC, DeLong CI, paired roc.test, Youden),
# rms::val.prob (Brier, recalibration intercept and slope, Spiegelhalter), glm with offset
# (calibration-in-the-large), Hosmer-Lemeshow (g = 10, decile groups) and net benefit by formula.
# Scores are predicted probabilities of logistic models fitted to the shared tables, miscalibrated on purpose.
# Run from the project root:  Rscript test/reference/binary-metrics.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(pROC); library(rms) })

hl <- function(y, p, g = 10) {
  br <- unique(quantile(p, probs = seq(0, 1, 1 / g)))
  grp <- cut(p, breaks = br, include.lowest = TRUE)
  obs1 <- tapply(y, grp, sum); exp1 <- tapply(p, grp, sum)
  obs0 <- tapply(1 - y, grp, sum); exp0 <- tapply(1 - p, grp, sum)
  chisq <- sum((obs1 - exp1)^2 / exp1 + (obs0 - exp0)^2 / exp0)
  df <- length(br) - 1 - 2
  list(chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))
}
nb <- function(y, p, thresholds) lapply(thresholds, function(t) {
  n <- length(y); tp <- sum(p >= t & y == 1); fp <- sum(p >= t & y == 0); prev <- mean(y)
  list(threshold = t, model = tp / n - fp / n * t / (1 - t), treatAll = prev - (1 - prev) * t / (1 - t))
})
one <- function(d, f1, f2) {
  y <- d$Target
  # deliberately miscalibrated (as on new patients): shrunk and shifted on the logit scale
  p1 <- plogis(0.6 * qlogis(unname(fitted(glm(f1, family = binomial, data = d)))) + 0.4)
  p2 <- plogis(1.3 * qlogis(unname(fitted(glm(f2, family = binomial, data = d)))) - 0.2)
  r1 <- roc(y, p1, direction = "<", levels = c(0, 1), quiet = TRUE)
  r2 <- roc(y, p2, direction = "<", levels = c(0, 1), quiet = TRUE)
  ci1 <- as.numeric(ci.auc(r1, method = "delong"))
  ci90 <- as.numeric(ci.auc(r1, method = "delong", conf.level = 0.9))
  t <- roc.test(r1, r2, method = "delong", paired = TRUE)
  best <- coords(r1, "best", best.method = "youden", ret = c("threshold", "sensitivity", "specificity", "ppv", "npv"), transpose = FALSE)
  v <- val.prob(p1, y, pl = FALSE)
  citl <- unname(coef(glm(y ~ 1 + offset(qlogis(p1)), family = binomial)))
  list(y = y, p1 = p1, p2 = p2, auc = as.numeric(auc(r1)), auc2 = as.numeric(auc(r2)), ci = ci1[c(1, 3)], ci90 = ci90[c(1, 3)],
       delong = list(z = unname(t$statistic), p = t$p.value),
       youden = as.list(best[1, ]), youden_rows = nrow(best),
       val_prob = as.list(v[c("Brier", "Intercept", "Slope", "S:z", "S:p", "Emax", "E90", "Eavg", "Dxy", "C (ROC)")]),
       calibration_in_the_large = citl, hosmer_lemeshow = hl(y, p1), net_benefit = nb(y, p1, seq(0.05, 0.5, by = 0.05)))
}
hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
crlm <- read.csv(gzfile("data/Colorectal-Liver-Metastases.csv.gz"), check.names = FALSE)
out <- list(versions = package_versions(c("pROC", "rms")),
  hcc = one(hcc, Target ~ Mass_original_firstorder_Mean + Liver_original_glcm_Contrast + Mass_original_shape_Sphericity,
                 Target ~ Portal_vein_original_firstorder_Entropy + Mass_original_glszm_ZoneEntropy),
  crlm = one(crlm, Target ~ Tumor_1_original_firstorder_Mean + Liver_original_glcm_Contrast + Tumor_1_original_shape_Sphericity,
                   Target ~ Hepatic_original_firstorder_Entropy + Portal_original_glszm_ZoneEntropy))
write_golden(out, "test/reference/binary-metrics.json")
