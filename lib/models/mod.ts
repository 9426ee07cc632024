/**
 * Model builders and the maths of the report's models.
 *
 * @module
 */
export * from "./mnist_cnn.ts";
export * from "./conv_geometry.ts";
export * from "./attention.ts";
export * from "./symmetric_eigen.ts";
export * from "./matrix_exp.ts";
export * from "./hopfield_design.ts";
export * from "./hopfield_run.ts";
export * from "./surface_mlp.ts";
export * from "./regression_net.ts";
export * from "./rbm.ts";
export * from "./santafe_mlp.ts";
export * from "./fused_lstm.ts";
export * from "./santafe_lstm.ts";
export * from "./stacked_autoencoder.ts";
export * from "./cnn_variants.ts";
export * from "./layer_norm_op.ts";
export * from "./gelu_op.ts";
export * from "./vit.ts";
export * from "./dbm.ts";
export * from "./gan.ts";
export * from "./vae.ts";
