# Golden values for radsig's ICC, from psych::ICC(x, lmer = FALSE):
#  1. Shrout & Fleiss (1979) Table 2: 6 targets rated by 4 judges;
#  2. HCC-TACE-Seg: the first 100 features as reader 1, with simulated readers 2 and 3
#     (feature-dependent measurement error), at alpha = 0.05 and 0.10.
# Run from the project root:  Rscript test/reference/icc.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(psych))

forms <- function(x, alpha = 0.05) {
  r <- ICC(x, lmer = FALSE, alpha = alpha)$results
  lapply(split(r, seq_len(nrow(r))), function(row) list(form = row$type, icc = row$ICC, f = row$F, df1 = row$df1, df2 = row$df2,
    p = row$p, lower = row[["lower bound"]], upper = row[["upper bound"]]))
}

sf <- matrix(c(9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7), ncol = 4, byrow = TRUE)

d <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
features <- setdiff(names(d), c("ID", "Target"))[1:100]
set.seed(4)
noise <- exp(runif(100, log(0.05), log(1.5)))  # error sd relative to the feature's sd
r2 <- sapply(seq_along(features), function(j) { x <- d[[features[j]]]; signif(x + rnorm(length(x), 0, noise[j] * sd(x)), 12) })
r3 <- sapply(seq_along(features), function(j) { x <- d[[features[j]]]; signif(x + rnorm(length(x), 0.1 * sd(x), noise[j] * sd(x)), 12) })
colnames(r2) <- colnames(r3) <- features

two <- lapply(seq_along(features), function(j) forms(cbind(d[[features[j]]], r2[, j])))
three <- lapply(seq_along(features), function(j) forms(cbind(d[[features[j]]], r2[, j], r3[, j]), alpha = 0.10))
names(two) <- names(three) <- features

out <- list(
  versions = package_versions("psych"),
  shrout_fleiss = list(ratings = lapply(1:6, function(i) sf[i, ]), forms = forms(sf), forms90 = forms(sf, alpha = 0.10)),
  hcc = list(ids = d$ID, features = features, reader2 = lapply(features, function(f) unname(r2[, f])), reader3 = lapply(features, function(f) unname(r3[, f])),
             two_readers = two, three_readers_alpha10 = three)
)
t <- system.time(for (j in seq_along(features)) ICC(cbind(d[[features[j]]], r2[, j], r3[, j]), lmer = FALSE))[["elapsed"]]
out$seconds_100_features_3_raters <- t
write_golden(out, "test/reference/icc.json")
