# Reference out-of-bag concordance of ranger's random survival forest (splitrule "logrank") for
# radsig's RandomSurvivalForest, over 5 seeds per configuration. Forests are random, so radsig is
# compared in distribution: its out-of-bag Harrell's C averaged over 5 seeds must be within 0.01 of
# ranger's average. For each forest both ranger's own C (1 - prediction.error) and Harrell's C of
# survival::concordance on ranger's out-of-bag cumulative hazard summed over its time points are kept.
# Run from the project root:  Rscript test/reference/random-survival-forest.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(survival); library(ranger) })

pbc <- read.csv(gzfile("data/pbc.csv.gz"))
pbc_features <- c("trt", "age", "ascites", "hepato", "spiders", "edema", "bili", "chol", "albumin", "copper",
                  "alk.phos", "ast", "trig", "platelet", "protime", "stage")
pbc <- pbc[complete.cases(pbc[, pbc_features]), ]
pbc_data <- data.frame(time = pbc$time, status = as.integer(pbc$status == 2), pbc[, pbc_features])

# HCC-TACE-Seg features with a simulated survival outcome (exponential, three features, uniform censoring)
hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
hcc_features <- setdiff(names(hcc), c("ID", "Target"))
z <- function(v) (v - mean(v)) / sd(v)
set.seed(20261127)
lp <- 0.9 * z(hcc[["Mass_original_shape_MeshVolume"]]) - 0.7 * z(hcc[["Liver_original_firstorder_Mean"]]) +
      0.6 * z(hcc[["Mass_original_glszm_ZoneEntropy"]])
event_time <- rexp(nrow(hcc), rate = exp(lp) / 30)
censor_time <- runif(nrow(hcc), 12, 90)
hcc_time <- pmin(event_time, censor_time)
hcc_status <- as.integer(event_time <= censor_time)
hcc_data <- data.frame(time = hcc_time, status = hcc_status, hcc[, hcc_features])
names(hcc_data) <- c("time", "status", make.names(hcc_features, unique = TRUE))

run <- function(data, mtry, min_node, replace, fraction) {
  per_seed <- lapply(1:5, function(seed) {
    fit <- ranger(dependent.variable.name = "time", status.variable.name = "status", data = data, num.trees = 500,
                  mtry = mtry, min.node.size = min_node, replace = replace, sample.fraction = fraction,
                  splitrule = "logrank", num.threads = 1, seed = seed)
    risk <- rowSums(fit$chf)
    harrell <- concordance(Surv(data$time, data$status) ~ risk, reverse = TRUE)$concordance
    list(ranger_c = 1 - fit$prediction.error, harrell_c = unname(harrell))
  })
  list(num_trees = 500, mtry = mtry, min_node_size = min_node, replace = replace, sample_fraction = fraction,
       ranger_c = sapply(per_seed, `[[`, "ranger_c"), harrell_c = sapply(per_seed, `[[`, "harrell_c"))
}

out <- list(
  versions = package_versions(c("ranger", "survival")),
  pbc = list(features = pbc_features, n = nrow(pbc_data), events = sum(pbc_data$status),
             bootstrap = run(pbc_data, 4, 15, TRUE, 1),
             subsample = run(pbc_data, 6, 5, FALSE, 0.632)),
  hcc = list(time = hcc_time, status = hcc_status, n = nrow(hcc_data), events = sum(hcc_status),
             bootstrap = run(hcc_data, 21, 5, TRUE, 1)))
write_golden(out, "test/reference/random-survival-forest.json")
