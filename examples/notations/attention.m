% Scaled dot-product attention in MATLAB / Octave: the classic four-word example.
% Select everything and run "Attention Explorer: Compute Attention on Selection".

% encoder representations of four different words
word_1 = [1 0 0];
word_2 = [0 1 0];
word_3 = [1 1 0];
word_4 = [0 0 1];

% stacking the word embeddings into a single matrix (one token per row)
X = [word_1; word_2; word_3; word_4];

% the projection matrices (d_model = 3, d_k = d_v = 3)
W_Q = [2 0 2
       2 0 0
       2 1 2];
W_K = [2, 2, 2; ...
       0, 2, 1; ...   # Octave comments work too
       0, 1, 1];
W_V = [1 0 0; 1 1 0; 0 1 0]';   % written transposed

% queries, keys and values
Q = X * W_Q;
K = X * W_K;
V = X * W_V;

% scores, scaled by sqrt(d_k), and a row-wise softmax
d_k = size(K, 2);
scores = Q * K' / sqrt(d_k);
weights = exp(scores - max(scores, [], 2));
weights = weights ./ sum(weights, 2);
attention = weights * V;
disp(attention(1, :))
