import * as tf from "@tensorflow/tfjs";
import assert from "node:assert/strict";
import { decode } from "fast-png";
import { initBackend } from "../backend/mod.ts";
import { encodePngGrid, writePngGrid } from "./mod.ts";

await initBackend("cpu");

Deno.test("encodePngGrid() does lay tiles out with padding and grey levels", () => {
  const png = encodePngGrid([0, 1, 1, 0.5, 1, 1, 1, 1], 2, { columns: 2, padding: 1 });
  const image = decode(png);
  assert.equal(image.width, 7);
  assert.equal(image.height, 4);
  assert.equal(image.channels, 1);
  assert.deepEqual([...image.data.slice(7 + 1, 7 + 3)], [0, 255]);
  assert.deepEqual([...image.data.slice(14 + 1, 14 + 3)], [255, 128]);
  assert.equal(image.data[0], 64);
});

Deno.test("encodePngGrid() does stretch each tile when asked", () => {
  const image = decode(encodePngGrid([-2, 2, 0, 2], 1, { padding: 0, scaling: "each" }));
  assert.deepEqual([...image.data], [0, 255, 128, 255]);
});

Deno.test("encodePngGrid() does refuse pixels that are not square tiles", () => {
  assert.throws(() => encodePngGrid([0, 1, 2], 1), {
    message: "Pixels must hold 1 square tiles: got 3 values for 1 tiles",
  });
});

Deno.test("writePngGrid() does write a PNG file and return its size", async () => {
  const dir = await Deno.makeTempDir();
  const images = tf.ones([3, 28, 28, 1]);
  const bytes = await writePngGrid(`${dir}/sub/grid.png`, images, { columns: 3 });
  const image = decode(await Deno.readFile(`${dir}/sub/grid.png`));
  assert.equal(image.width, 3 * 29 + 1);
  assert.ok(bytes > 0);
  images.dispose();
  await Deno.remove(dir, { recursive: true });
});
