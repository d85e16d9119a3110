// Scaled dot-product attention in C#: three tokens, d_model = 3, d_k = d_v = 2.
public static class Attention
{
    // token embeddings, one per row
    public static readonly double[,] X = { { 1, 0, 1 }, { 0, 1, 0 }, { 1, 1, 1 } };
    public static readonly double[,] W_Q = new double[,] { { 1.0, 0.5 }, { 0.0, 1.0 }, { 1.0, 0.0 } };
    public static readonly double[][] W_K = [[0.5, 1.0], [1.0, 0.0], [0.0, 0.5]];
    public static readonly double[][] W_V = new[] { new[] { 1.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 2.0, 2.0 } };
    private const string Note = @"{{1, 2}} is a string";
}
