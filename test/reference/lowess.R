# Golden values for radsig's lowess: R's stats::lowess on PBC (ties in x), default and iter = 0.
# Run from the project root:  Rscript test/reference/lowess.R
source("test/reference/helpers.R")
pbc <- read.csv(gzfile("data/pbc.csv.gz"))
d <- pbc[!is.na(pbc$chol), ]
a <- lowess(d$albumin, log(d$bili))
b <- lowess(d$albumin, log(d$bili), iter = 0, f = 0.3)
write_golden(list(versions = package_versions("stats"), x = d$albumin, y = log(d$bili), default = list(x = a$x, y = a$y), iter0 = list(x = b$x, y = b$y)), "test/reference/lowess.json")
