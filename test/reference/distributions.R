# Golden values for radsig's distribution functions (stats package).
# Run from the project root:  Rscript test/reference/distributions.R
source("test/reference/helpers.R")
grid <- expand.grid(x = c(0.001, 0.05, 0.5, 1, 2.5, 7, 30, 200), df1 = c(1, 2.5, 5, 30), df2 = c(1, 3, 12, 99, 1000))
p <- c(1e-10, 0.001, 0.025, 0.05, 0.5, 0.9, 0.975, 0.999)
pgrid <- expand.grid(p = p, df1 = c(1, 2.5, 5, 30), df2 = c(1, 3, 12, 99, 1000))
out <- list(
  versions = package_versions("stats"),
  lgamma = list(x = c(0.1, 0.5, 1, 1.5, 3, 10.2, 100, 1234.5), y = lgamma(c(0.1, 0.5, 1, 1.5, 3, 10.2, 100, 1234.5))),
  pf = list(x = grid$x, df1 = grid$df1, df2 = grid$df2, lower = pf(grid$x, grid$df1, grid$df2), upper = pf(grid$x, grid$df1, grid$df2, lower.tail = FALSE)),
  qf = list(p = pgrid$p, df1 = pgrid$df1, df2 = pgrid$df2, lower = qf(pgrid$p, pgrid$df1, pgrid$df2), upper = qf(pgrid$p, pgrid$df1, pgrid$df2, lower.tail = FALSE)),
  pchisq = list(x = grid$x, df = grid$df1, lower = pchisq(grid$x, grid$df1), upper = pchisq(grid$x, grid$df1, lower.tail = FALSE)),
  qchisq = list(p = pgrid$p, df = pgrid$df1, lower = qchisq(pgrid$p, pgrid$df1), upper = qchisq(pgrid$p, pgrid$df1, lower.tail = FALSE)),
  pt = list(x = c(-30, -2.5, -0.3, 0, 0.7, 1.96, 4, 12), df = c(1, 3, 12, 99, 2.5, 7, 30, 5), lower = pt(c(-30, -2.5, -0.3, 0, 0.7, 1.96, 4, 12), c(1, 3, 12, 99, 2.5, 7, 30, 5))),
  qt = list(p = p, df = c(1, 3, 12, 99, 2.5, 7, 30, 5), q = qt(p, c(1, 3, 12, 99, 2.5, 7, 30, 5)))
)
write_golden(out, "test/reference/distributions.json")
