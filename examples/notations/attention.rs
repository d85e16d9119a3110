// Scaled dot-product attention in Rust: three tokens, d_model = 4, d_k = d_v = 2.
use ndarray::{array, Array2};

/// Token embeddings, one per row.
const X: [[f64; 4]; 3] = [
    [1.0, 0.0, 1.0, 0.0],
    [0.0, 2.0, 0.0, 2.0],
    [1.0, 1.0, 1.0, 1.0],
];

fn main() {
    let w_q = vec![vec![1.0_f64, 0.0], vec![0.0, 1.0], vec![1.0, 0.0], vec![0.0, 1.0]];
    let w_k: Array2<f64> = array![[0.5, 0.0], [0.0, 0.5], [1.0, 0.0], [0.0, 1.0]];
    let w_v = Array2::from_shape_vec((4, 2), vec![1., 2., 3., 4., 5., 6., 7., 8.]).unwrap();
    let label = r#"[[1.0, 2.0]]"#; // a raw string, never a matrix
    println!("{label} {:?} {:?} {:?}", w_q, w_k, w_v);
}
