# Scaled dot-product attention in base R: four tokens, d_model = 3, d_k = 2.

# token embeddings as vectors, bound into rows (rbind names the rows x1..x4)
x1 <- c(1, 0, 1)
x2 <- c(0, 1, 1)
x3 <- c(1, 1, 0)
x4 <- c(0.5, 0.5, 0.5)
X <- rbind(x1, x2, x3, x4)

# projections
W_Q <- matrix(c(1, 0,
                0, 1,
                1, -1), nrow = 3, byrow = TRUE)
W_K <- matrix(c(0.5, 1, 0, 1, 0.5, 1), nrow = 3)   # filled column by column, as R does
cbind(c(1, 0, 2), c(0, 1, 1)) -> W_V

softmax_rows <- function(s) {
  e <- exp(s - apply(s, 1, max))
  e / rowSums(e)
}
Q <- X %*% W_Q
K <- X %*% W_K
V <- X %*% W_V
A <- softmax_rows(Q %*% t(K) / sqrt(ncol(K)))
print(A %*% V)
