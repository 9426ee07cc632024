import * as tf from "@tensorflow/tfjs";

/** The parts of a stacked autoencoder that greedy pre-training and fine-tuning share. */
export interface StackedAutoencoder {
  /** One sigmoid encoder per hidden layer, in order; shared by every model below. */
  encoders: tf.layers.Layer[];
  /**
   * One autoencoder per hidden layer: `[batch, in_i] → [batch, units_i] → [batch, in_i]`, where
   * `in_i` is the input width for i = 0 and the previous layer's width after. Layer i is trained
   * to reconstruct the codes of layers 0..i-1 (greedy layer-wise pre-training).
   */
  autoencoders: tf.LayersModel[];
  /** `[batch, in] → [batch, units_{i}]`: the codes after encoders 0..i. */
  codeModels: tf.LayersModel[];
  /** `[batch, in] → [batch, classes]` logits: every encoder then a linear head. */
  classifier: tf.LayersModel;
  /** The head, frozen apart from the encoders during classifier training. */
  head: tf.layers.Layer;
}

/** Options of {@linkcode buildStackedAutoencoder}. */
export interface StackedAutoencoderOptions {
  /** Width of the input. @default 784 */
  inputSize?: number;
  /** Number of classes of the head. @default 10 */
  classes?: number;
}

/**
 * Trainable parameters of the fine-tuned classifier (encoders and head, no decoders).
 *
 * @param hidden Hidden widths, e.g. `[256, 64]`.
 * @param options Input width and classes.
 * @returns The count, e.g. 784·256 + 256 + 256·64 + 64 + 64·10 + 10 = 218,058 for `[256, 64]`.
 * @example
 * ```ts
 * stackedClassifierParams([512]); // 784·512 + 512 + 512·10 + 10 = 407,050
 * ```
 */
export function stackedClassifierParams(
  hidden: readonly number[],
  options: StackedAutoencoderOptions = {},
): number {
  const widths = [options.inputSize ?? 784, ...hidden, options.classes ?? 10];
  let total = 0;
  for (let i = 1; i < widths.length; i++) total += widths[i - 1] * widths[i] + widths[i];
  return total;
}

/**
 * Build a stacked autoencoder as in the course (section 3.1.1): sigmoid encoders, each paired
 * with a sigmoid decoder for greedy pre-training (codes of a sigmoid layer and MNIST pixels both
 * lie in [0, 1]), and a linear head giving logits on the top code, to be trained with a
 * softmax cross-entropy on logits as PyTorch's `CrossEntropyLoss` is.
 *
 * The models share their layers, so pre-training an autoencoder changes the classifier too.
 * Nothing is compiled: each stage compiles the model it trains with its own optimizer.
 *
 * @param hidden Hidden widths from the input up, e.g. `[512, 256, 64]`.
 * @param options Input width and number of classes.
 * @returns Encoders, autoencoders, code models, classifier and head; dispose with
 *   {@linkcode disposeStackedAutoencoder}.
 * @example
 * ```ts
 * const net = buildStackedAutoencoder([256, 64]);
 * net.classifier.countParams(); // 218058
 * disposeStackedAutoencoder(net);
 * ```
 */
export function buildStackedAutoencoder(
  hidden: readonly number[],
  options: StackedAutoencoderOptions = {},
): StackedAutoencoder {
  const inputSize = options.inputSize ?? 784;
  const classes = options.classes ?? 10;
  if (hidden.length === 0 || hidden.some((w) => !Number.isInteger(w) || w < 1)) {
    throw new RangeError(
      `Hidden widths must be one or more positive integers: got [${hidden.join(", ")}]`,
    );
  }
  const widths = [inputSize, ...hidden];
  const encoders = hidden.map((units, i) =>
    tf.layers.dense({ units, activation: "sigmoid", name: `encoder_${i}`, ...torchInit(widths[i]) })
  );
  const input = tf.input({ shape: [inputSize], name: "pixels" }); // [batch, 784]
  const codes: tf.SymbolicTensor[] = [];
  let current = input;
  for (const encoder of encoders) {
    current = encoder.apply(current) as tf.SymbolicTensor; // [batch, units_i]
    codes.push(current);
  }
  const codeModels = codes.map((code, i) =>
    tf.model({ inputs: input, outputs: code, name: `codes_${i}` })
  );
  const autoencoders = encoders.map((encoder, i) => {
    const width = i === 0 ? inputSize : hidden[i - 1];
    const aeInput = tf.input({ shape: [width], name: `ae_input_${i}` }); // [batch, in_i]
    const decoder = tf.layers.dense({
      units: width,
      activation: "sigmoid",
      name: `decoder_${i}`,
      ...torchInit(hidden[i]),
    });
    const output = decoder.apply(encoder.apply(aeInput)) as tf.SymbolicTensor; // [batch, in_i]
    return tf.model({ inputs: aeInput, outputs: output, name: `autoencoder_${i}` });
  });
  const head = tf.layers.dense({
    units: classes,
    name: "head",
    ...torchInit(hidden[hidden.length - 1]),
  });
  const classifier = tf.model({
    inputs: input,
    outputs: head.apply(current) as tf.SymbolicTensor, // [batch, classes] logits
    name: "stacked_classifier",
  });
  return { encoders, autoencoders, codeModels, classifier, head };
}

/**
 * PyTorch's default `nn.Linear` initialisation, which the course's network has: weights and
 * biases uniform in ±1/√fan_in. How little greedy pre-training moves the codes (and so the
 * accuracy before fine-tuning) depends on where the weights start.
 */
function torchInit(fanIn: number) {
  const bound = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound }),
  };
}

/**
 * Free every weight of a stacked autoencoder once (its models share layers).
 *
 * @param net The network from {@linkcode buildStackedAutoencoder}.
 * @returns Nothing.
 * @example
 * ```ts
 * disposeStackedAutoencoder(buildStackedAutoencoder([32]));
 * ```
 */
export function disposeStackedAutoencoder(net: StackedAutoencoder): void {
  // The models share layers, and model.dispose() cannot release a layer shared by models built
  // before it was first disposed: free each distinct layer's weights once instead.
  const layers = new Set(
    [net.classifier, ...net.autoencoders].flatMap((model) => model.layers),
  );
  for (const layer of layers) for (const weight of layer.weights) weight.dispose();
}
