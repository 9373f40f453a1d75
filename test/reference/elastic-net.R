# Golden values for radsig's elastic net, from glmnet (Debian r-cran-glmnet), thresh = 1e-12:
# default lambda paths, coefficients, deviance ratios, and cv.glmnet curves with fixed foldid and lambda.
# Run from the project root:  Rscript test/reference/elastic-net.R
source("test/reference/helpers.R")
suppressPackageStartupMessages({ library(glmnet); library(survival) })

hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
crlm <- read.csv(gzfile("data/Colorectal-Liver-Metastases.csv.gz"), check.names = FALSE)
pbc <- read.csv(gzfile("data/pbc.csv.gz"))
feat <- function(d) as.matrix(d[, setdiff(names(d), c("ID", "Target"))])
pbc_vars <- c("trt", "age", "ascites", "hepato", "spiders", "edema", "bili", "chol", "albumin", "copper", "alk.phos", "ast", "trig", "platelet", "protime", "stage")
pbc_cc <- pbc[complete.cases(pbc[, pbc_vars]), ]

# simulated survival on the HCC features (a real feature table), written at 17 digits
set.seed(11)
xh <- feat(hcc)
lp <- 0.8 * scale(xh[, 5])[, 1] - 0.6 * scale(xh[, 200])[, 1] + 0.5 * scale(xh[, 333])[, 1]
t_event <- rexp(nrow(xh), 0.02 * exp(lp))
t_cens <- runif(nrow(xh), 10, 80)
hcc_time <- signif(pmin(t_event, t_cens), 17)
hcc_status <- as.integer(t_event <= t_cens)

path <- function(x, y, family, alpha) {
  f <- glmnet(x, y, family = family, alpha = alpha, thresh = 1e-12)
  b <- as.matrix(f$beta)
  list(lambda = f$lambda, a0 = if (family == "binomial") unname(f$a0) else NULL,
       beta = lapply(seq_len(ncol(b)), function(k) unname(b[, k])), df = unname(f$df), dev_ratio = f$dev.ratio, nulldev = f$nulldev)
}
cv <- function(x, y, family, alpha, lambda, foldid, measure) {
  f <- cv.glmnet(x, y, family = family, alpha = alpha, lambda = lambda, foldid = foldid, type.measure = measure, thresh = 1e-12)
  list(measure = measure, cvm = f$cvm, cvsd = f$cvsd, nzero = unname(f$nzero), lambda_min = f$lambda.min, lambda_1se = f$lambda.1se)
}

set.seed(5)
fold10 <- function(n) sample(rep(1:10, length.out = n))
fold5 <- function(n) sample(rep(1:5, length.out = n))
cases <- list(
  hcc = list(x = xh, y = hcc$Target, family = "binomial"),
  crlm = list(x = feat(crlm), y = crlm$Target, family = "binomial"),
  pbc = list(x = as.matrix(pbc_cc[, pbc_vars]), y = Surv(pbc_cc$time, as.integer(pbc_cc$status == 2)), family = "cox"),
  hcc_surv = list(x = xh, y = Surv(hcc_time, hcc_status), family = "cox")
)
out <- list(versions = package_versions(c("glmnet", "survival")),
            hcc_surv_data = list(time = hcc_time, status = hcc_status),
            pbc_rows = as.integer(rownames(pbc_cc)), pbc_vars = pbc_vars)
timing <- list()
for (name in names(cases)) {
  cs <- cases[[name]]
  n <- nrow(cs$x)
  f10 <- fold10(n); f5 <- fold5(n)
  res <- list(foldid10 = f10, foldid5 = f5)
  for (alpha in c(1, 0.5)) {
    key <- paste0("alpha", alpha)
    p <- path(cs$x, cs$y, cs$family, alpha)
    measures <- if (cs$family == "binomial") list(deviance = f10, class = f10, auc = f5) else list(deviance = f10, C = f10)
    cvs <- lapply(names(measures), function(m) c(cv(cs$x, cs$y, cs$family, alpha, p$lambda, measures[[m]], m), list(folds = if (identical(measures[[m]], f5)) 5 else 10)))
    names(cvs) <- names(measures)
    res[[key]] <- list(path = p, cv = cvs)
  }
  out[[name]] <- res
}
write_golden(out, "test/reference/elastic-net.json")
