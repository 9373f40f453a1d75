# Golden values for one-way ANOVA and Kruskal-Wallis (stats package), on PBC (ties present).
# Run from the project root:  Rscript test/reference/group-tests.R
source("test/reference/helpers.R")
pbc <- read.csv(gzfile("data/pbc.csv.gz"))
pbc <- pbc[!is.na(pbc$stage), ]
res <- lapply(c("bili", "albumin", "age", "edema"), function(v) {
  x <- pbc[[v]]; g <- factor(pbc$stage)
  a <- anova(lm(x ~ g))
  k <- kruskal.test(x, g)
  list(variable = v, f = a[["F value"]][1], anova_p = a[["Pr(>F)"]][1], h = unname(k$statistic), kruskal_p = k$p.value)
})
write_golden(list(versions = package_versions("stats"), stage = pbc$stage, values = lapply(c(bili = "bili", albumin = "albumin", age = "age", edema = "edema"), function(v) pbc[[v]]), tests = res), "test/reference/group-tests.json")
