/**
 * Exercise 1 — supervised learning: function approximation, optimizers, the MNIST CNN and the
 * personal regression.
 *
 * @module
 */
import { cnnParamsClaim } from "../lib/claims/ex1/mod.ts";
import { specClaim } from "./_spec.ts";

specClaim(cnnParamsClaim);
