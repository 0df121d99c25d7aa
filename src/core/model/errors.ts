/** A batch, state or θ that does not fit the model; the message says what is wrong. */
export class EngineInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineInputError';
  }
}
