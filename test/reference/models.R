# Golden values for radsig's logistic and Cox regression: glm (binomial) and survival::coxph (Efron
# and Breslow) on PBC complete cases (event = death) and on HCC-TACE-Seg (logistic, three features).
# Run from the project root:  Rscript test/reference/models.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
d <- pbc_cases()
d$logbili <- log(d$bili); d$logalb <- log(d$albumin); d$logpro <- log(d$protime)
cox <- function(ties) {
  f <- coxph(Surv(time, event) ~ age + logbili + logalb + logpro + edema, data = d, ties = ties)
  s <- summary(f)
  list(coef = unname(coef(f)), se = unname(sqrt(diag(vcov(f)))), z = unname(s$coefficients[, "z"]), p = unname(s$coefficients[, "Pr(>|z|)"]),
       lower = unname(s$conf.int[, "lower .95"]), upper = unname(s$conf.int[, "upper .95"]),
       loglik = unname(f$loglik), lr = unname(s$logtest), wald = unname(c(f$wald.test, s$waldtest[2:3])), score = unname(s$sctest),
       concordance = unname(f$concordance["concordance"]), concordance_se = unname(f$concordance["std"]))
}
logit <- function(data, formula) {
  f <- glm(formula, family = binomial, data = data)
  s <- summary(f)$coefficients
  ci <- confint.default(f)
  list(coef = unname(coef(f)), se = unname(s[, 2]), z = unname(s[, 3]), p = unname(s[, 4]), lower = unname(ci[, 1]), upper = unname(ci[, 2]),
       loglik = as.numeric(logLik(f)), aic = AIC(f), null_deviance = f$null.deviance, deviance = f$deviance)
}
hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
names(hcc) <- make.names(names(hcc))
out <- list(versions = package_versions("survival"),
  pbc = list(time = d$time, event = d$event, x = lapply(c("age", "logbili", "logalb", "logpro", "edema"), function(v) d[[v]]),
             efron = cox("efron"), breslow = cox("breslow"),
             logistic = logit(d, event ~ age + logbili + logalb + logpro + edema)),
  hcc = list(y = hcc$Target, x = lapply(c("Mass_original_firstorder_Mean", "Liver_original_glcm_Contrast", "Mass_original_shape_Sphericity"), function(v) hcc[[v]]),
             logistic = logit(hcc, Target ~ Mass_original_firstorder_Mean + Liver_original_glcm_Contrast + Mass_original_shape_Sphericity)))
write_golden(out, "test/reference/models.json")

# baseline survival and predictions (survfit.coxph), Efron and Breslow
base <- function(ties) {
  f <- coxph(Surv(time, event) ~ age + logbili + logalb + logpro + edema, data = d, ties = ties)
  sf <- survfit(f)  # at the means of the covariates
  nd <- d[c(1, 50, 200), c("age", "logbili", "logalb", "logpro", "edema")]
  pr <- summary(survfit(f, newdata = nd), times = c(1000, 2000, 3000))
  list(time = sf$time, cumhaz = sf$cumhaz, surv = sf$surv, rows = c(1, 50, 200), times = c(1000, 2000, 3000),
       predicted = lapply(1:3, function(k) unname(pr$surv[, k])))
}
out$pbc$baseline <- list(efron = base("efron"), breslow = base("breslow"))
write_golden(out, "test/reference/models.json")

# proportional-hazards tests (cox.zph, survival 3 score test)
zph <- function(ties, transform) {
  z <- cox.zph(coxph(Surv(time, event) ~ age + logbili + logalb + logpro + edema, data = d, ties = ties), transform = transform)
  list(chisq = unname(z$table[, "chisq"]), df = unname(z$table[, "df"]), p = unname(z$table[, "p"]))
}
out$pbc$zph <- list(efron_km = zph("efron", "km"), breslow_km = zph("breslow", "km"), efron_identity = zph("efron", "identity"), efron_rank = zph("efron", "rank"))
write_golden(out, "test/reference/models.json")
