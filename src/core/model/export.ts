/**
 * A standalone inference .onnx: weights embedded as named initializers (`wte`, `h.0.attn.qkv.w`, …),
 * no θ input, so plain onnxruntime in any language can run it.
 *   inputs:  tokens [B, T] int32 (pad after the real tokens), positions [B] int32
 *   output:  log_probs [B, V] float32, the next-token distribution after tokens[b, positions[b]]
 * Shapes are static (B = 1 and T = context unless given); causal attention makes padding after
 * the position harmless.
 */
import { writeFileSync, renameSync } from 'node:fs';
import { GraphBuilder } from '../onnx/builder';
import { serializeModel } from '../onnx/serialize';
import { Value } from '../onnx/ir';
import { ModelConfig, validateConfig } from './config';
import { inferenceGraph } from './graphs';
import { paramLayout } from './params';

export interface ExportOptions {
  batch?: number;
  length?: number;
}

export function exportOnnxBytes(cfg: ModelConfig, theta: Float32Array, o: ExportOptions = {}): Uint8Array {
  validateConfig(cfg);
  const layout = paramLayout(cfg);
  if (theta.length !== layout.total) throw new Error(`export: θ has ${theta.length} values; this config needs ${layout.total}`);
  const B = o.batch ?? 1;
  const T = o.length ?? cfg.context;
  if (T > cfg.context) throw new Error(`export: length ${T} exceeds the model context ${cfg.context}`);
  const b = new GraphBuilder('process_agent_gpt');
  const P = new Map<string, Value>();
  for (const s of layout.specs) {
    const rows = s.name === 'wpe' ? T : s.shape[0];
    const shape = [rows, ...s.shape.slice(1)];
    const size = shape.reduce((a, c) => a * c, 1);
    P.set(s.name, b.constant(theta.slice(s.offset, s.offset + size), 'float32', shape, s.name));
  }
  inferenceGraph(b, cfg, P, B, T, 'positions');
  return serializeModel(b.build());
}

/** Writes the model atomically (temporary file, then rename). */
export function exportOnnx(cfg: ModelConfig, theta: Float32Array, file: string, o: ExportOptions = {}): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, exportOnnxBytes(cfg, theta, o));
  renameSync(tmp, file);
}
