// Scaled dot-product attention in C++: four tokens, d_model = 4, d_k = d_v = 3.
#include <array>
#include <cmath>
#include <vector>
#include <Eigen/Dense>

// token embeddings, one per row
static const double X[4][4] = {
    {1.0, 0.0, 1.0, 0.0},
    {0.0, 2.0, 0.0, 2.0},
    {1.0, 1.0, 1.0, 1.0},
    {0.5f, 0.5f, 0.0, 0.0},  // trailing commas are fine
};

std::vector<std::vector<double>> W_Q{{1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 1, 1}};

std::array<std::array<double, 3>, 4> W_K = {{
    {0.0, 0.0, 1.0},
    {1.0, 1.0, 0.0},
    {0.0, 1.0, 0.0},
    {1.0, 1.0, 0.0},
}};

int main() {
    Eigen::MatrixXd W_V(4, 3);
    W_V << 0, 2, 0,
           0, 3, 0,
           1, 0, 3,
           1, 1, 0;
    const char* note = "{{not, a, matrix}}";  /* nor is this: {{9, 9}} */
    return 0;
}
