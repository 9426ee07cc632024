/** One claim of the report as listed in claims.md, implemented or not. */
export interface CatalogueEntry {
  id: string;
  /** Exercise number, 1 to 4. */
  exercise: number;
  /** Report section, e.g. `1.3.2`. */
  section: string;
  /** The claim in one line. */
  statement: string;
}

/** Every claim id of claims.md, in report order. */
export const CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  entry(
    "1.3.1-noise",
    "Final training MSE and test MSE against the noise-free surface grow with the noise level",
  ),
  entry(
    "1.3.2-optimizers",
    "Five optimizers, 2500 epochs: Nesterov SGD lowest test MSE, Adam close, L-BFGS lowest training MSE, SGD lr 0.05 worst",
  ),
  entry(
    "1.3.3-width",
    "At widths 10, 50, 500: SGD 0.05 worst everywhere, L-BFGS time grows fastest, wider nets reach lower training MSE",
  ),
  entry(
    "1.3.5-cnn-params",
    "The MNIST CNN has 34,826 trainable parameters with the layer table's output shapes",
  ),
  entry(
    "1.3.6-cnn-optimizers",
    "The CNN on MNIST, 15 epochs, six optimizers: Adam 99.15%, Adadelta 1.0 99.03%, SGD 0.1 98.8%, SGD 0.01 97.46%, SGD 0.001 89.68%, Adadelta 0.001 69.67%",
  ),
  entry(
    "1.4-personal-regression",
    "The six-layer network on Tnew of r1032166 reaches test MSE 0.00435",
  ),
  entry(
    "1.4.4-early-stopping",
    "Early stopping (patience 10) ends training well before 200 epochs (report: epoch 52)",
  ),
  entry(
    "2.1.1-hopfield-2d",
    "2-neuron Hopfield net: most random starts reach a target, some the spurious [-1,1]; same input, same attractor",
  ),
  entry(
    "2.1.2-hopfield-3d",
    "3-neuron Hopfield net: random starts reach targets, symmetric starts reach spurious states",
  ),
  entry(
    "2.1.3-hopfield-digits",
    "784-neuron digit attractors: recall degrades with noise, wrong digits at high noise, more iterations",
  ),
  entry(
    "2.2.1-mlp-santafe",
    "MLP on the Santa Fe laser: lag 50 with 100 neurons best (test MSE 620.25), lag 2 poor (3139)",
  ),
  entry(
    "2.2.2-lstm-santafe",
    "LSTM on the Santa Fe laser: lag 50 with 100 units best (test MSE 343.4)",
  ),
  entry(
    "2.2.3-lstm-beats-mlp",
    "The best LSTM beats the best MLP (343 vs 620) and varies less across seeds",
  ),
  entry(
    "3.1.1-stacked-ae",
    "Stacked autoencoders: fine-tuning always helps; bottleneck nets start low; 512 single layer starts high",
  ),
  entry(
    "3.2.1-conv-output",
    "A 4×4 input, 2×2 kernel, stride 2, no padding gives [[3,4],[6,11]]; output size (n+2p−k)/s+1",
  ),
  entry(
    "3.2.2-cnn-variants",
    "Six CNN variants, 20 epochs: Model 2 most accurate, Model 3 smallest, BatchNorm on Model 2 does not help",
  ),
  entry(
    "3.3-attention",
    "Scaled dot-product attention: A = softmax(QKᵀ/√dk) rows sum to 1, Y = AV has shape B×N×dv",
  ),
  entry(
    "3.3.1-vit",
    "Five ViT configurations on MNIST: best (128,8,16,512) 98.58%, smaller (32,4,4,64) 97.66%",
  ),
  entry("4.1-rbm-training", "RBM trained with CD: the pseudo-likelihood rises, then plateaus"),
  entry("4.1-rbm-capacity", "An RBM with 10 hidden units reconstructs worse than one with 50"),
  entry(
    "4.1-rbm-gibbs",
    "1 Gibbs step stays close to the start image; 500 steps move away and collapse onto few modes",
  ),
  entry(
    "4.1-rbm-inpainting",
    "Reconstructing test digits with rows removed gets worse as more rows are removed",
  ),
  entry(
    "4.1-dbm",
    "A 2-layer DBM gives sharper, more diverse samples than the RBM, also after 500 steps",
  ),
  entry(
    "4.2-gan-losses",
    "Vanilla GAN: the discriminator dominates, final mean losses D ≈ 0.241, G ≈ 3.19",
  ),
  entry("4.2-gan-backbone", "A CNN-backbone GAN gives more diverse digits than the vanilla GAN"),
  entry(
    "4.3-vae",
    "VAE samples cover all ten classes, interpolation is smooth, samples are blurrier than the GAN's",
  ),
]);

function entry(id: string, statement: string): CatalogueEntry {
  const section = id.slice(0, id.indexOf("-"));
  return Object.freeze({ id, exercise: Number(section[0]), section, statement });
}
