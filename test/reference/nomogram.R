# Golden values for radsig's nomogram data and R's pretty(): rms::nomogram of an lrm model on PBC
# complete cases (event = death ~ age + log(bili) + edema) with its risk axis, of the same model
# penalized (lrm penalty = 5), and of a cph model with 5- and 10-year survival axes; pretty() on
# assorted ranges.
# Run from the project root:  Rscript test/reference/nomogram.R
source("test/reference/helpers.R")
suppressPackageStartupMessages(library(rms))
d <- pbc_cases(); d$logbili <- log(d$bili)
dd <- datadist(d); options(datadist = "dd")
axis <- function(nom, v) list(values = unname(nom[[v]][[v]]), points = unname(nom[[v]]$points), xbeta = unname(nom[[v]]$Xbeta))
fun_axis <- function(a) list(points = unname(a$x), values = unname(a$x.real))
f <- lrm(event ~ age + logbili + edema, data = d)
nom <- nomogram(f, fun = plogis, funlabel = "Risk")
fp <- lrm(event ~ age + logbili + edema, data = d, penalty = 5)
nomp <- nomogram(fp, fun = plogis, funlabel = "Risk")
fc <- cph(Surv(time, event) ~ age + logbili + edema, data = d, x = TRUE, y = TRUE, surv = TRUE)
surv <- Survival(fc)
noms <- nomogram(fc, fun = list(function(lp) surv(1825, lp), function(lp) surv(3650, lp)), funlabel = c("5-year survival", "10-year survival"))
ranges <- list(c(26.27, 78.44), c(-1.2, 3.33), c(0, 1), c(0.001, 0.0047), c(-3, 7), c(1e5, 3.3e6), c(5, 5), c(0, 0), c(-1e-3, 2e-4))
write_golden(list(versions = package_versions(c("rms", "survival")), coef = unname(coef(f)), age = d$age, logbili = d$logbili, edema = d$edema,
  time = d$time, event = d$event,
  axes = list(age = axis(nom, "age"), logbili = axis(nom, "logbili"), edema = axis(nom, "edema")), total_points = nom$total.points$x,
  lp_axis = list(points = nom$lp$x, lp = nom$lp$x.real), scale = attr(nom, "info")$sc, risk = fun_axis(nom$Risk),
  penalized = list(coef = unname(coef(fp)), axes = list(age = axis(nomp, "age"), logbili = axis(nomp, "logbili"), edema = axis(nomp, "edema")),
                   total_points = nomp$total.points$x, scale = attr(nomp, "info")$sc, risk = fun_axis(nomp$Risk)),
  cox = list(coef = unname(coef(fc)), center = unname(fc$center), axes = list(age = axis(noms, "age"), logbili = axis(noms, "logbili"), edema = axis(noms, "edema")),
             total_points = noms$total.points$x, lp_axis = list(points = noms$lp$x, lp = noms$lp$x.real), scale = attr(noms, "info")$sc,
             intercept = attr(noms, "info")$Intercept,
             survival5 = fun_axis(noms[["5-year survival"]]), survival10 = fun_axis(noms[["10-year survival"]]),
             surv_at = list(lp = c(-1, 0, 1), s5 = surv(1825, c(-1, 0, 1)), s10 = surv(3650, c(-1, 0, 1)))),
  pretty = lapply(ranges, function(r) list(range = r, n5 = pretty(r), n10 = pretty(r, 10)))), "test/reference/nomogram.json")
