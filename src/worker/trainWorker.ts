// The worker_threads entry point for training; see src/protocol.ts for its messages.
export {};
