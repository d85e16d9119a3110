"""A common slip: one row of W_K has a missing entry. Attention Explorer points at it."""
import numpy as np

X = np.array([[1.0, 0.0, 1.0],
              [0.0, 2.0, 0.0]])
W_Q = np.eye(3)
W_K = np.array([[1.0, 0.0, 0.0],
                [0.0, 1.0],
                [0.0, 0.0, 1.0]])
W_V = np.ones((3, 2))
