/**
 * The command ids, in one table: package.json's contributes.commands must list exactly these
 * (test/vscode/manifest.test.ts), and code runs commands through it, never by a string literal.
 * No vscode import, so tests can read it.
 */
export const COMMANDS = {
  train: 'processAgent.train',
  stop: 'processAgent.stop',
  fineTune: 'processAgent.fineTune',
  evaluate: 'processAgent.evaluate',
  search: 'processAgent.search',
  predict: 'processAgent.predict',
  exportOnnx: 'processAgent.exportOnnx',
  openDashboard: 'processAgent.openDashboard',
  reset: 'processAgent.reset',
  forgetLogChoices: 'processAgent.forgetLogChoices',
  showProcessMap: 'processAgent.showProcessMap',
} as const;
