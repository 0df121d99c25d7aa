/**
 * The one activity rare activities are folded into when the vocabulary is capped
 * (train/vocabCap.ts). Never a real label: labels are trimmed, and this one is bracketed.
 */
export const OTHER_ACTIVITY = '⟨other⟩';
