# Reference values for Firth's penalized logistic regression (Firth 1993; Heinze & Schemper 2002,
# doi:10.1002/sim.1047) as logistf reports them: estimates maximizing l(b) + 1/2 log det I(b);
# standard errors from I(b)^-1 at the estimate; penalized likelihood-ratio tests of each b_j = 0 and
# profile penalized-likelihood intervals, with the Jeffreys penalty of the full design in every
# restricted fit; the model test against the intercept-only fit with the same penalty.
# logistf itself is not in Debian's packages and CRAN is out of reach here, so the penalized
# likelihood is maximized by R's optim (BFGS with the analytic modified score) and the profile
# intervals are found with uniroot: an implementation independent of radsig's Newton-Raphson.
# Run from the project root:  Rscript test/reference/firth.R
source("test/reference/helpers.R")

penloglik <- function(beta, X, y) {
  eta <- drop(X %*% beta); p <- plogis(eta); w <- p * (1 - p)
  sum(y * eta - ifelse(eta > 0, eta + log1p(exp(-eta)), log1p(exp(eta)))) +
    0.5 * as.numeric(determinant(crossprod(X * sqrt(w)), logarithm = TRUE)$modulus)
}
modscore <- function(beta, X, y) {
  eta <- drop(X %*% beta); p <- plogis(eta); w <- p * (1 - p)
  XW <- X * sqrt(w); h <- rowSums((XW %*% solve(crossprod(XW))) * XW)
  drop(crossprod(X, y - p + h * (0.5 - p)))
}
# maximize with the coefficients in `fixed` (a named vector of positions -> values) held
fit <- function(X, y, fixed = integer(0), value = numeric(0), start = rep(0, ncol(X))) {
  free <- setdiff(seq_len(ncol(X)), fixed)
  full <- function(b) { beta <- numeric(ncol(X)); beta[fixed] <- value; beta[free] <- b; beta }
  o <- optim(start[free], function(b) -penloglik(full(b), X, y), function(b) -modscore(full(b), X, y)[free],
             method = "BFGS", control = list(reltol = 1e-16, maxit = 10000))
  # polish: BFGS stops a little short; a few Newton steps on the free coefficients
  b <- o$par
  for (k in 1:20) {
    beta <- full(b); p <- plogis(drop(X %*% beta)); I <- crossprod(X * sqrt(p * (1 - p)))
    b <- b + solve(I[free, free, drop = FALSE], modscore(beta, X, y)[free])
  }
  beta <- full(b)
  list(beta = beta, loglik = penloglik(beta, X, y))
}
firth <- function(X, y, level = 0.95) {
  f <- fit(X, y)
  p <- plogis(drop(X %*% f$beta))
  se <- sqrt(diag(solve(crossprod(X * sqrt(p * (1 - p))))))
  q <- qchisq(level, 1)
  tests <- lapply(seq_len(ncol(X)), function(j) {
    r <- fit(X, y, j, 0, f$beta)
    chisq <- 2 * (f$loglik - r$loglik)
    prof <- function(v) 2 * (f$loglik - fit(X, y, j, v, f$beta)$loglik) - q
    lo <- f$beta[j] - 2 * se[j]; while (prof(lo) < 0) lo <- lo - se[j]
    hi <- f$beta[j] + 2 * se[j]; while (prof(hi) < 0) hi <- hi + se[j]
    list(chisq = chisq, p = pchisq(chisq, 1, lower.tail = FALSE),
         lower = uniroot(prof, c(lo, f$beta[j]), tol = 1e-12)$root,
         upper = uniroot(prof, c(f$beta[j], hi), tol = 1e-12)$root)
  })
  null <- fit(X, y, seq_len(ncol(X))[-1], rep(0, ncol(X) - 1), f$beta)
  lr <- 2 * (f$loglik - null$loglik)
  list(coef = f$beta, se = se, loglik = f$loglik, null_loglik = null$loglik,
       chisq = sapply(tests, `[[`, "chisq"), p = sapply(tests, `[[`, "p"),
       lower = sapply(tests, `[[`, "lower"), upper = sapply(tests, `[[`, "upper"),
       lr = list(chisq = lr, df = ncol(X) - 1, p = pchisq(lr, ncol(X) - 1, lower.tail = FALSE)))
}

hcc <- read.csv(gzfile("data/HCC-TACE-Seg.csv.gz"), check.names = FALSE)
feats <- c("Mass_original_firstorder_Mean", "Liver_original_glcm_Contrast", "Mass_original_shape_Sphericity")
X1 <- cbind(1, as.matrix(hcc[, feats]))
# quasi-complete separation: a binary marker present in every positive patient and in 20 negatives
sep <- as.integer(hcc$Target == 1 | seq_len(nrow(hcc)) %in% which(hcc$Target == 0)[1:20])
X2 <- cbind(1, sep, hcc[["Mass_original_shape_Sphericity"]])
g <- suppressWarnings(glm(hcc$Target ~ sep + hcc[["Mass_original_shape_Sphericity"]], family = binomial))
write_golden(list(versions = package_versions(character(0)), y = hcc$Target,
  hcc = list(features = feats, x = lapply(feats, function(v) hcc[[v]]), firth = firth(X1, hcc$Target)),
  separated = list(x = list(sep, hcc[["Mass_original_shape_Sphericity"]]), glm_coef_sep = unname(coef(g)[2]), firth = firth(X2, hcc$Target))),
  "test/reference/firth.json")
