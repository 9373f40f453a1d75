# Golden values for radsig's minimumSampleSize and coxSnellR2: Riley et al.'s minimum sample size
# for developing a prediction model with a binary or time-to-event outcome, as pmsampsize 1.1.3
# computes it.
#
# pmsampsize is not installed on this machine (no CRAN access), so the criteria are computed here
# from the formulas of Riley et al., Stat Med 2019;38:1276-96 (doi:10.1002/sim.7992, with its 2019
# correction of eq. 13, doi:10.1002/sim.8409) and BMJ 2020;368:m441 (doi:10.1136/bmj.m441), with
# the conventions of pmsampsize 1.1.3 (read from its source, CRAN and github.com/JoieEnsor/pmsampsize):
#   - z = 1.96 (not qnorm(0.975)); every n is the ceiling of its formula;
#   - binary max R2cs from the null log-likelihood of the prevalence, computed at n1 as pmsampsize does;
#   - survival max R2cs from an arbitrary n = 10000 with ceiling(rate * meanfup * n) events;
#   - survival criterion 3 is not a formula for n: it reports the 95% interval of the risk by the
#     time point at n = max(n1, n2), with person-time rounded to 1 decimal as pmsampsize does;
#   - the final shrinkage reported is the larger of the target and criterion 2's.
# The C-statistic approximation (Riley, Van Calster & Collins, Stat Med 2021, doi:10.1002/sim.8806)
# is simulated as pmsampsize does it: 1e6 linear predictors, non-events N(0, 1) first and events
# N(sqrt(2) qnorm(C), 1) after them, set.seed(seed), glm(y ~ LP), R2cs rounded to 4 decimals.
# The published numbers (pmsampsize's own tests and the papers' abstracts) are checked at the end.
# Run from the project root:  Rscript test/reference/sample-size.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(survival); library(rms) })

Z <- 1.96

shrinkage_n <- function(parameters, r2, s) parameters / ((s - 1) * log(1 - r2 / s))

common <- function(parameters, r2, shrinkage, max_r2) {
  n1 <- shrinkage_n(parameters, r2, shrinkage)
  s2 <- r2 / (r2 + 0.05 * max_r2)
  n2 <- shrinkage_n(parameters, r2, s2)
  list(n1 = n1, s2 = s2, n2 = n2)
}

binary <- function(parameters, r2cs, prevalence, shrinkage = 0.9, margin = 0.05) {
  n1c <- ceiling(shrinkage_n(parameters, r2cs, shrinkage))
  e1 <- n1c * prevalence
  lnl_null <- e1 * log(e1 / n1c) + (n1c - e1) * log(1 - e1 / n1c)
  max_r2 <- 1 - exp(2 * lnl_null / n1c)
  stopifnot(r2cs < max_r2, r2cs < shrinkage)
  k <- common(parameters, r2cs, shrinkage, max_r2)
  n3 <- (Z / margin)^2 * (prevalence * (1 - prevalence))
  n <- ceiling(c(k$n1, k$n2, n3))
  final <- max(n)
  s_final <- max(shrinkage, k$s2)
  half <- Z * sqrt(prevalence * (1 - prevalence) / n[3])
  list(n_unrounded = c(k$n1, k$n2, n3), n = n, final = final,
       shrinkage = c(shrinkage, k$s2, s_final), shrinkage_final = s_final,
       max_r2cs = max_r2, nagelkerke = r2cs / max_r2,
       events = c(n, final) * prevalence, epp = c(n, final) * prevalence / parameters,
       risk = list(estimate = prevalence, lower = prevalence - half, upper = prevalence + half, margin = half),
       table = list(shrinkage = round(c(shrinkage, k$s2, s_final, s_final), 3), epp = round(c(n, final) * prevalence / parameters, 2),
                    max_r2cs = round(max_r2, 3), nagelkerke = round(r2cs / max_r2, 3)),
       events_printed = ceiling(final * prevalence))
}

survival <- function(parameters, r2cs, rate, timepoint, meanfup, shrinkage = 0.9) {
  n0 <- 10000
  e0 <- ceiling(rate * (meanfup * n0))
  lnl_null <- e0 * log(e0 / n0) - e0
  max_r2 <- 1 - exp(2 * lnl_null / n0)
  stopifnot(r2cs < max_r2, r2cs < shrinkage)
  k <- common(parameters, r2cs, shrinkage, max_r2)
  n12 <- ceiling(c(k$n1, k$n2))
  n3 <- max(n12)
  n <- c(n12, n3)
  final <- max(n)
  s_final <- max(shrinkage, k$s2)
  person_time3 <- round(meanfup * n3, 1)
  se <- sqrt(rate / person_time3)
  risk <- 1 - exp(-rate * timepoint)
  upper <- 1 - exp(-(rate + Z * se) * timepoint)
  lower <- 1 - exp(-(rate - Z * se) * timepoint)
  events <- c(n, final) * rate * meanfup
  list(n_unrounded = c(k$n1, k$n2, n3), n = n, final = final,
       shrinkage = c(shrinkage, k$s2, s_final), shrinkage_final = s_final,
       max_r2cs = max_r2, nagelkerke = r2cs / max_r2,
       events = events, epp = events / parameters,
       risk = list(estimate = risk, lower = lower, upper = upper, margin = upper - risk, person_time = person_time3),
       person_time = round(meanfup * final, 1),
       table = list(shrinkage = round(c(shrinkage, k$s2, s_final, s_final), 3), epp = round(events / parameters, 2),
                    max_r2cs = round(max_r2, 3), nagelkerke = round(r2cs / max_r2, 3)),
       events_printed = ceiling(events[4]))
}

cstat_r2cs <- function(cstatistic, prevalence, seed = 123456) {
  n <- 1e6
  mu <- sqrt(2) * qnorm(cstatistic)
  set.seed(seed)
  lp <- c(rnorm(prevalence * n, 0, 1), rnorm((1 - prevalence) * n, mu, 1))
  y <- c(rep(0, prevalence * n), rep(1, (1 - prevalence) * n))
  fit <- glm(y ~ lp, family = binomial)
  r2 <- 1 - exp(-(fit$null.deviance - fit$deviance) / n)
  list(cstatistic = cstatistic, prevalence = prevalence, seed = seed, r2cs = r2, r2cs_rounded = round(r2, 4))
}

binary_cases <- list(
  list(parameters = 24, r2cs = 0.288, prevalence = 0.174),
  list(parameters = 24, r2cs = 0.55, prevalence = 0.174),
  list(parameters = 36, r2cs = 0.288, prevalence = 0.174),
  list(parameters = 24, r2cs = 0.288, prevalence = 0.25),
  list(parameters = 10, r2cs = 0.1, prevalence = 0.3, shrinkage = 0.85),
  list(parameters = 5, r2cs = 0.05, prevalence = 0.5, margin = 0.1),
  list(parameters = 40, r2cs = 0.02, prevalence = 0.05),
  list(parameters = 3, r2cs = 0.4, prevalence = 0.4, margin = 0.02),
  list(parameters = 1, r2cs = 0.15, prevalence = 0.12, shrinkage = 0.95, margin = 0.03)
)
survival_cases <- list(
  list(parameters = 25, r2cs = 0.051, rate = 0.065, timepoint = 2, meanfup = 2.07),
  list(parameters = 30, r2cs = 0.051, rate = 0.065, timepoint = 2, meanfup = 2.07),
  list(parameters = 25, r2cs = 0.065, rate = 0.065, timepoint = 2, meanfup = 2.07),
  list(parameters = 50, r2cs = 0.051, rate = 0.065, timepoint = 2, meanfup = 2.07),
  list(parameters = 25, r2cs = 0.051, rate = 0.1, timepoint = 2, meanfup = 2.07),
  list(parameters = 25, r2cs = 0.051, rate = 0.065, timepoint = 4, meanfup = 2.07),
  list(parameters = 25, r2cs = 0.051, rate = 0.065, timepoint = 2, meanfup = 4),
  list(parameters = 40, r2cs = 0.06, rate = 0.08, timepoint = 3, meanfup = 5),
  list(parameters = 10, r2cs = 0.03, rate = 0.09, timepoint = 3, meanfup = 3),
  list(parameters = 80, r2cs = 0.3, rate = 0.03, timepoint = 1, meanfup = 5),
  # few parameters and a strong model: the margin at n = max(n1, n2) exceeds 0.05
  list(parameters = 2, r2cs = 0.2, rate = 0.3, timepoint = 3, meanfup = 1.5, shrinkage = 0.8)
)
cstat_cases <- list(
  list(cstatistic = 0.89, prevalence = 0.174),
  list(cstatistic = 0.75, prevalence = 0.3),
  list(cstatistic = 0.8, prevalence = 0.05),
  list(cstatistic = 0.7, prevalence = 0.5),
  list(cstatistic = 0.65, prevalence = 0.12, seed = 42)
)

run_binary <- function(a) c(list(input = a), do.call(binary, a))
run_survival <- function(a) c(list(input = a), do.call(survival, a))
binary_out <- lapply(binary_cases, run_binary)
survival_out <- lapply(survival_cases, run_survival)
cstat_out <- lapply(cstat_cases, function(a) {
  d <- do.call(cstat_r2cs, a)
  d$sample_size <- binary(parameters = 24, r2cs = d$r2cs_rounded, prevalence = a$prevalence)
  d
})

# Published numbers.
# pmsampsize 1.1.3 tests/testthat/test_bin.R (Samp_size and EPP columns of results_table, rows
# criteria 1, 2, 3, final); 4.1 is the Chagas example of Riley et al. 2019, whose abstract says
# "a new diagnostic model for Chagas disease requires an EPP of at least 4.8".
published_binary <- list(
  list(ss = c(623, 662, 221, 662), epp = c(4.52, 4.8, 1.6, 4.8)),
  list(ss = c(255, 532, 221, 532), epp = c(1.85, 3.86, 1.6, 3.86)),
  list(ss = c(934, 992, 221, 992), epp = c(4.51, 4.79, 1.07, 4.79)),
  list(ss = c(623, 590, 289, 623), epp = c(6.49, 6.15, 3.01, 6.49)))
for (i in seq_along(published_binary)) {
  o <- binary_out[[i]]
  stopifnot(identical(c(o$n, o$final), published_binary[[i]]$ss), isTRUE(all.equal(o$table$epp, published_binary[[i]]$epp)))
}
# pmsampsize 1.1.3 tests/testthat/test_surv.R, tests 3.1 to 3.9; 3.1 is the recurrent VTE example
# (Riley et al. 2019 abstract: "requires an EPP of at least 23").
published_survival <- list(
  list(ss = c(4286, 866, 4286, 4286), epp = c(23.07, 4.66, 23.07, 23.07)),
  NULL,
  list(ss = c(3335, 859, 3335, 3335), epp = c(17.95, 4.62, 17.95, 17.95)),
  list(ss = c(8572, 1731, 8572, 8572), epp = c(23.07, 4.66, 23.07, 23.07)),
  list(ss = c(4286, 731, 4286, 4286), epp = c(35.49, 6.05, 35.49, 35.49)),
  list(ss = c(4286, 866, 4286, 4286), epp = c(23.07, 4.66, 23.07, 23.07)),
  list(ss = c(4286, 679, 4286, 4286), epp = c(44.57, 7.06, 44.57, 44.57)),
  list(ss = c(5798, 969, 5798, 5798), epp = c(57.98, 9.69, 57.98, 57.98)),
  list(ss = c(2950, 272, 2950, 2950), epp = c(79.65, 7.34, 79.65, 79.65)),
  list(ss = c(1974, 2272, 2272, 2272), epp = c(3.7, 4.26, 4.26, 4.26)))
for (i in seq_along(published_survival)) {
  if (is.null(published_survival[[i]])) next
  o <- survival_out[[i]]
  stopifnot(identical(c(o$n, o$final), published_survival[[i]]$ss), isTRUE(all.equal(o$table$epp, published_survival[[i]]$epp)))
}
# pmsampsize's documented survival example (30 candidate predictor parameters): 5143 participants,
# 692 events (ceiling), 10646 person-years, EPP 23.07.
stopifnot(survival_out[[2]]$final == 5143, survival_out[[2]]$events_printed == 692,
          survival_out[[2]]$person_time == 10646, survival_out[[2]]$table$epp[4] == 23.07)
# The binary example prints 116 events: ceiling(662 * 0.174) = ceiling(115.188).
stopifnot(binary_out[[1]]$events_printed == 116)

# coxSnellR2 from fitted models: logistic (glm, with rms::lrm's Nagelkerke R2 as a cross-check of
# max R2cs from the outcome proportion) and Cox (coxph) on the PBC complete cases.
d <- pbc_cases()
g <- glm(event ~ age + log(bili) + log(albumin) + log(protime) + edema, family = binomial, data = d)
l <- lrm(event ~ age + log(bili) + log(albumin) + log(protime) + edema, data = d)
cx <- coxph(Surv(time, event) ~ age + log(bili) + log(albumin) + log(protime) + edema, data = d)
lr_glm <- g$null.deviance - g$deviance
lr_cox <- 2 * diff(cx$loglik)
cox_snell <- list(
  logistic = list(lr = lr_glm, n = nrow(d), events = sum(d$event), prevalence = mean(d$event), r2cs = 1 - exp(-lr_glm / nrow(d)),
                  nagelkerke_rms = unname(l$stats["R2"])),
  cox = list(lr = lr_cox, n = cx$n, events = cx$nevent, r2cs = 1 - exp(-lr_cox / cx$n)))

write_golden(list(versions = package_versions(c("survival", "rms")), binary = binary_out, survival = survival_out,
                  cstatistic = cstat_out, cox_snell = cox_snell), "test/reference/sample-size.json")
