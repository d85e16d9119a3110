// Scaled dot-product attention in Java: three tokens, d_model = 3, d_k = d_v = 2.
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

public class Attention {
    // token embeddings, one per row
    static final double[][] X = {
        {1.0, 0.0, 1.0},
        {0.0, 1.0, 0.0},
        {1.0, 1.0, 1.0},
    };

    static final double[][] W_Q = new double[][] {{1.0, 0.5}, {0.0, 1.0}, {-1.0, 0.25}};
    static final double[][] W_K = new double[][] {
        new double[] {0.5d, 0.0},
        new double[] {1.0, 1.0},
        new double[] {0.0, 2e-1},
    };
    static final RealMatrix W_V = MatrixUtils.createRealMatrix(new double[][] {{1, 0}, {0, 1}, {2, 1f}});

    public static void main(String[] args) {
        String text = "{{1, 2}, {3, 4}}"; // a string, never a matrix
        RealMatrix q = MatrixUtils.createRealMatrix(X).multiply(MatrixUtils.createRealMatrix(W_Q));
        System.out.println(q);
    }
}
