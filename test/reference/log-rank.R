# Golden values for radsig's log-rank test: survival::survdiff on PBC (event = death) by edema (3
# groups), by stage (4 groups, rows with stage present) and by treatment (2 groups).
# Run from the project root:  Rscript test/reference/log-rank.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(survival))
pbc <- read.csv(gzfile("data/pbc.csv.gz"))
pbc$event <- as.integer(pbc$status == 2)
one <- function(d, g) {
  f <- survdiff(Surv(time, event) ~ g, data = cbind(d, g = g))
  list(time = d$time, event = d$event, group = as.character(g), observed = unname(f$obs), expected = unname(f$exp), chisq = unname(f$chisq), df = length(f$n) - 1)
}
s <- pbc[!is.na(pbc$stage), ]
t <- pbc[!is.na(pbc$trt), ]
write_golden(list(versions = package_versions("survival"), edema = one(pbc, pbc$edema), stage = one(s, s$stage), trt = one(t, t$trt)), "test/reference/log-rank.json")
