/** A batch, state or θ that does not fit the model; the message says what is wrong. */
export class EngineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}

/** A checkpoint that cannot be used; the message says which file and what to do. */
export class CheckpointError extends Error {
  constructor(readonly file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'UserError';
  }
}
