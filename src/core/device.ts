/**
 * Where onnxruntime runs a model. The lowest layer that uses it is runtime.ts (the device table),
 * so it lives at the core's root; train/types.ts re-exports it for the training contract. Types
 * only, so the webview bundle can share it through src/protocol.ts.
 */
export type Device = 'auto' | 'cuda' | 'cpu';
