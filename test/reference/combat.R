# Golden values for radsig's ComBat, from sva::ComBat, on HCC-TACE-Seg with 3 assigned batches
# and known batch effects added (so that there is something to remove).
# Run from the project root:  Rscript test/reference/combat.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(sva))

d <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
features <- setdiff(names(d), c("ID", "Target"))
set.seed(2026)
batch <- sample(rep(c("A", "B", "C"), c(30, 28, 26)))
levels_b <- c("A", "B", "C")
# batch effects: x' = shift[b, j] + scale[b, j] * x
shift <- matrix(round(rnorm(3 * length(features), 0, 0.5), 6), 3)
scale <- matrix(round(exp(rnorm(3 * length(features), 0, 0.3)), 6), 3)
X <- as.matrix(d[, features])
for (b in 1:3) {
  rows <- batch == levels_b[b]
  X[rows, ] <- sweep(sweep(X[rows, , drop = FALSE], 2, scale[b, ], "*"), 2, shift[b, ], "+")
}
# covariates: a numeric one (a feature taken out of the features) and a 3-level categorical one
vol_name <- "Mass_original_shape_MeshVolume"
vol <- X[, vol_name]
grp <- as.character(cut(d$Liver_original_firstorder_Mean, quantile(d$Liver_original_firstorder_Mean, c(0, 1/3, 2/3, 1)),
                        labels = c("low", "mid", "high"), include.lowest = TRUE))
Xc <- X[, setdiff(features, vol_name)]

dat <- t(X)
datc <- t(Xc)
quiet <- function(expr) { r <- NULL; invisible(capture.output(suppressMessages(r <- expr))); r }
keep_every <- function(adj, names) {
  idx <- seq(1, length(names), by = 4)
  res <- lapply(idx, function(j) unname(adj[j, ]))
  names(res) <- names[idx]
  res
}

# ComBat without empirical Bayes (per-feature location/scale estimates used as they are), written
# out from sva's own standardization, for radsig's eb = false
combat_no_eb <- function(dat, batch, mod = NULL, mean.only = FALSE) {
  batch <- as.factor(batch)
  batchmod <- model.matrix(~ -1 + batch)
  n.batch <- nlevels(batch)
  batches <- lapply(levels(batch), function(l) which(batch == l))
  n.batches <- sapply(batches, length)
  n.array <- sum(n.batches)
  design <- cbind(batchmod, mod)
  check <- apply(design, 2, function(x) all(x == 1))
  design <- as.matrix(design[, !check])
  B.hat <- solve(crossprod(design), tcrossprod(t(design), as.matrix(dat)))
  grand.mean <- crossprod(n.batches / n.array, B.hat[1:n.batch, ])
  var.pooled <- ((dat - t(design %*% B.hat))^2) %*% rep(1 / n.array, n.array)
  stand.mean <- t(grand.mean) %*% t(rep(1, n.array))
  tmp <- design; tmp[, c(1:n.batch)] <- 0
  stand.mean <- stand.mean + t(tmp %*% B.hat)
  s.data <- (dat - stand.mean) / (sqrt(var.pooled) %*% t(rep(1, n.array)))
  batch.design <- design[, 1:n.batch]
  gamma.hat <- solve(crossprod(batch.design), tcrossprod(t(batch.design), as.matrix(s.data)))
  out <- s.data
  for (j in seq_along(batches)) {
    i <- batches[[j]]
    d.hat <- if (mean.only) rep(1, nrow(s.data)) else apply(s.data[, i], 1, var)
    out[, i] <- (s.data[, i] - gamma.hat[j, ]) / sqrt(d.hat)
  }
  out * (sqrt(var.pooled) %*% t(rep(1, n.array))) + stand.mean
}

# zero variance inside one batch: sva leaves such features unadjusted
small <- X[, 1:30]
small[batch == "A", 3] <- 0.5
small_names <- colnames(small)

timing <- list()
run <- function(name, expr) { t <- system.time(r <- quiet(expr))[["elapsed"]]; timing[[name]] <<- t; r }
mod <- model.matrix(~ vol + grp)
variants <- list(
  parametric = list(adj = run("parametric", ComBat(dat, batch)), names = features),
  nonparametric = list(adj = run("nonparametric", ComBat(dat, batch, par.prior = FALSE)), names = features),
  mean_only = list(adj = run("mean_only", ComBat(dat, batch, mean.only = TRUE)), names = features),
  mean_only_nonparametric = list(adj = run("mean_only_nonparametric", ComBat(dat, batch, mean.only = TRUE, par.prior = FALSE)), names = features),
  ref_batch = list(adj = run("ref_batch", ComBat(dat, batch, ref.batch = "B")), names = features),
  covariates = list(adj = run("covariates", ComBat(datc, batch, mod = mod)), names = colnames(Xc)),
  no_eb = list(adj = combat_no_eb(dat, batch), names = features),
  no_eb_mean_only = list(adj = combat_no_eb(dat, batch, mean.only = TRUE), names = features)
)
zero_adj <- quiet(ComBat(t(small), batch))
out <- list(
  versions = package_versions(c("sva")),
  batch = batch,
  shift = lapply(1:3, function(b) shift[b, ]),
  scale = lapply(1:3, function(b) scale[b, ]),
  features = features,
  covariates = list(numeric = vol_name, grp = grp),
  variants = lapply(variants, function(v) keep_every(v$adj, v$names)),
  zero_variance = list(features = small_names, adjusted = setNames(lapply(1:30, function(j) unname(zero_adj[j, ])), small_names)),
  seconds = timing
)
write_golden(out, "test/reference/combat.json")
