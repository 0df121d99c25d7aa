/**
 * Search Hyperparameters. The search itself belongs to the core (random search with
 * successive halving, issue 4); until the core offers it, the command says so plainly
 * rather than pretending.
 */
import * as vscode from 'vscode';
import { requireTrust, type TrainDeps } from './trainFlow';

export async function searchHyperparameters(deps: TrainDeps): Promise<void> {
  if (!(await requireTrust('Hyperparameter search'))) return;
  deps.output.warn('hyperparameter search is not available in this build yet (the core search is missing)');
  void vscode.window.showWarningMessage('Process Agent: hyperparameter search is not available in this build yet. Use the CLI `process-agent search` when it ships, or adjust preset, epochs and learning rate in the dashboard.');
}
