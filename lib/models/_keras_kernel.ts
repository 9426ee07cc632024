/**
 * The kernel initialiser of the report's framework: Keras' (Python) `Dense` and `Conv2D` start
 * from Glorot uniform. tfjs-layers 4.22 defaults to `glorotNormal` instead, a normal cut at two
 * standard deviations without rescaling, whose spread is about 0.88 of Glorot's — 12 % smaller
 * weights than the course's notebooks and the PyTorch twins' `xavier_uniform_` start from. Every
 * model that stands for a Keras one passes this explicitly.
 *
 * @module
 */

/** `kernelInitializer` of a `tf.layers.dense` or `tf.layers.conv2d` that stands for Keras' default. */
export const KERAS_KERNEL = "glorotUniform";
