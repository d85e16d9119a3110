// Scaled dot-product attention in Go: four tokens, d_model = 3, d_k = d_v = 2.
package main

import "fmt"

// X holds the token embeddings, one per row.
var X = [][]float64{
	{1, 0, 1},
	{0, 1, 0},
	{1, 1, 0},
	{0, 0, 1},
}

func main() {
	W_Q := [][]float64{{1, 0}, {0, 1}, {1, 1}}
	W_K := [][]float64{{0.5, 1}, {1, 0.5}, {0, 1}}
	var W_V = [3][2]float64{{1, 2}, {3, 4}, {5, 6}}
	note := `{{9, 9}}` // a raw string, never a matrix
	fmt.Println(W_Q, W_K, W_V, note)
}
