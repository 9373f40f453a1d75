# Shared helpers for the R scripts that write radsig's golden values.
# Numbers are written with 17 significant digits so that they read back as the same doubles.
suppressPackageStartupMessages(library(jsonlite))
write_golden <- function(x, path) {
  writeLines(toJSON(x, digits = I(17), auto_unbox = TRUE, na = "null", null = "null"), path)
}
package_versions <- function(pkgs) {
  c(list(R = R.version.string), setNames(lapply(pkgs, function(p) as.character(packageVersion(p))), pkgs))
}

# PBC complete cases on the usual prognostic variables, event = death (status 2)
pbc_cases <- function() {
  pbc <- read.csv(gzfile("data/pbc.csv.gz"))
  d <- pbc[complete.cases(pbc[, c("age", "bili", "albumin", "protime", "edema")]), ]
  d$event <- as.integer(d$status == 2)
  d
}
