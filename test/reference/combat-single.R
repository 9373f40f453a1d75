# Golden values for radsig's ComBat when a batch has a single sample: sva::ComBat then sets
# mean.only = TRUE for the run (and says so). HCC-TACE-Seg, 40 features, 3 batches of the
# first 83 patients plus a fourth batch "Z" made of the last patient alone.
# Run from the project root:  Rscript test/reference/combat-single.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(sva))

d <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
features <- setdiff(names(d), c("ID", "Target"))[seq(1, 400, by = 10)]
X <- as.matrix(d[, features])
batch <- rep(c("A", "B", "C"), length.out = nrow(X))
batch[nrow(X)] <- "Z"
# (sva prints "Note: one batch has only one sample, setting mean.only=TRUE")
adj <- NULL
invisible(capture.output(suppressMessages(adj <- ComBat(t(X), batch))))
adj_np <- NULL
invisible(capture.output(suppressMessages(adj_np <- ComBat(t(X), batch, par.prior = FALSE))))
out <- list(
  versions = package_versions(c("sva")),
  features = features,
  batch = batch,
  x = lapply(seq_along(features), function(j) unname(X[, j])),
  parametric = lapply(seq_along(features), function(j) unname(adj[j, ])),
  nonparametric = lapply(seq_along(features), function(j) unname(adj_np[j, ]))
)
write_golden(out, "test/reference/combat-single.json")
