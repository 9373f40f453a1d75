# Golden values for radsig's nomogram data and R's pretty(): rms::nomogram of an lrm model on PBC
# complete cases (event = death ~ age + log(bili) + edema), and pretty() on assorted ranges.
# Run from the project root:  Rscript test/reference/nomogram.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(rms))
d <- pbc_cases(); d$logbili <- log(d$bili)
dd <- datadist(d); options(datadist = "dd")
f <- lrm(event ~ age + logbili + edema, data = d)
nom <- nomogram(f, fun = plogis, funlabel = "Risk")
axis <- function(v) list(values = unname(nom[[v]][[v]]), points = unname(nom[[v]]$points), xbeta = unname(nom[[v]]$Xbeta))
ranges <- list(c(26.27, 78.44), c(-1.2, 3.33), c(0, 1), c(0.001, 0.0047), c(-3, 7), c(1e5, 3.3e6), c(5, 5), c(0, 0), c(-1e-3, 2e-4))
write_golden(list(versions = package_versions(c("rms")), coef = unname(coef(f)), age = d$age, logbili = d$logbili, edema = d$edema,
  axes = list(age = axis("age"), logbili = axis("logbili"), edema = axis("edema")), total_points = nom$total.points$x,
  lp_axis = list(points = nom$lp$x, lp = nom$lp$x.real), scale = attr(nom, "info")$sc,
  pretty = lapply(ranges, function(r) list(range = r, n5 = pretty(r), n10 = pretty(r, 10)))), "test/reference/nomogram.json")
