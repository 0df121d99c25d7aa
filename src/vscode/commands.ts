/** The command palette entries (category "Process Agent"), each a thin call into a flow. */
import * as vscode from 'vscode';
import { evaluate, exportAgentAsOnnx, predict, resetAgent } from './agentActions';
import { runTraining, type TrainDeps } from './trainFlow';
import type { SidebarView } from './sidebarView';
import { COMMANDS } from './commandIds';

export { COMMANDS };

export function registerCommands(deps: TrainDeps, sidebar: SidebarView, search: () => Promise<void>, showMap: (log?: vscode.Uri | string) => Promise<void>): vscode.Disposable {
  const reg = (id: string, run: () => Promise<unknown>) => vscode.commands.registerCommand(id, run);
  return vscode.Disposable.from(
    reg(COMMANDS.train, () => runTraining(deps, 'train')),
    reg(COMMANDS.fineTune, () => runTraining(deps, 'fine-tune')),
    reg(COMMANDS.stop, async () => {
      if (!deps.session.stop()) void vscode.window.showInformationMessage('Process Agent: no training run is going.');
      else deps.output.info('stop requested; the run ends at the next step and the previous agent stays');
    }),
    reg(COMMANDS.evaluate, () => evaluate(deps)),
    reg(COMMANDS.search, search),
    reg(COMMANDS.predict, () => predict(deps)),
    reg(COMMANDS.exportOnnx, () => exportAgentAsOnnx(deps)),
    reg(COMMANDS.openDashboard, () => sidebar.reveal()),
    reg(COMMANDS.reset, () => resetAgent(deps)),
    // From the palette (no argument), the explorer's context menu (the file) or the sidebar (a listed path).
    vscode.commands.registerCommand(COMMANDS.showProcessMap, (log?: unknown) => showMap(log instanceof vscode.Uri || typeof log === 'string' ? log : undefined)),
    // A wrong answer to "which column / which objects" is not final: the next run asks again.
    reg(COMMANDS.forgetLogChoices, async () => {
      await Promise.all([deps.logs.mappings.forget(), deps.logs.objectTypes.forget()]);
      sidebar.refresh();
      void vscode.window.showInformationMessage('Process Agent: the next run asks again for CSV columns and OCEL object types where needed.');
    }),
  );
}
