/**
 * The `processAgent.*` settings, read in one place into one typed snapshot. Everything that
 * depends on configuration is rebuilt from a fresh snapshot on change (see extension.ts).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Device, FeatureMode, TrainConfig } from '../core/train/types';
import type { SpecFormat } from '../core/spec';
import type { DashboardSettings } from '../protocol';

export const SECTION = 'processAgent';

export interface ExtensionSettings {
  logsInclude: string;
  logsExclude: string;
  agentFolder: string;
  device: Device;
  threads: number;
  preset: string;
  epochs: number;
  learningRate: number;
  batchSize: number;
  weightDecay: number;
  dropout: number;
  patience: number;
  tokenizer: 'activity' | 'bpe';
  features: FeatureMode;
  completionEnabled: boolean;
  completionFormats: Record<SpecFormat, boolean>;
  hintsEnabled: boolean;
  hintsThreshold: number;
  autoFineTune: boolean;
  autoFineTuneDelayMs: number;
}

export function readSettings(): ExtensionSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const formats = c.get<Partial<Record<SpecFormat, boolean>>>('completion.languages', {});
  return {
    logsInclude: c.get('logs.include', '**/*.{csv,csv.gz,xes,xes.gz,jsonocel,xmlocel}'),
    logsExclude: c.get('logs.exclude', '{**/node_modules/**,**/.git/**,**/.process-agent/**}'),
    agentFolder: c.get('agentFolder', '.process-agent') || '.process-agent',
    device: c.get<Device>('device', 'auto'),
    threads: c.get('threads', 0),
    preset: c.get('preset', 'tiny'),
    epochs: c.get('epochs', 30),
    learningRate: c.get('learningRate', 3e-3),
    batchSize: c.get('batchSize', 32),
    weightDecay: c.get('weightDecay', 0.01),
    dropout: c.get('dropout', 0.1),
    patience: c.get('patience', 6),
    tokenizer: c.get<'activity' | 'bpe'>('tokenizer', 'activity'),
    features: c.get<FeatureMode>('features', 'auto'),
    completionEnabled: c.get('completion.enabled', true),
    completionFormats: {
      pspec: formats.pspec ?? true,
      markdown: formats.markdown ?? true,
      yaml: formats.yaml ?? true,
      bpmn: formats.bpmn ?? true,
      mermaid: formats.mermaid ?? true,
    },
    hintsEnabled: c.get('hints.enabled', true),
    hintsThreshold: c.get('hints.threshold', 0.05),
    autoFineTune: c.get('autoFineTune', false),
    autoFineTuneDelayMs: 1000 * c.get('autoFineTuneDelaySeconds', 60),
  };
}

/** The training knobs the settings carry; the rest keep the trainer's defaults. */
export function trainOverrides(s: ExtensionSettings): Partial<TrainConfig> {
  return {
    preset: s.preset,
    epochs: s.epochs,
    learningRate: s.learningRate,
    batchSize: s.batchSize,
    weightDecay: s.weightDecay,
    dropout: s.dropout,
    patience: s.patience,
    tokenizer: s.tokenizer,
    features: s.features,
    device: s.device,
    threads: s.threads,
  };
}

export function dashboardSettings(s: ExtensionSettings): DashboardSettings {
  return { preset: s.preset, epochs: s.epochs, learningRate: s.learningRate, batchSize: s.batchSize, device: s.device };
}

/** The agent folder as an absolute path, under the first workspace folder; undefined with no folder open. */
export function agentDirOf(s: ExtensionSettings): string | undefined {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root || root.scheme !== 'file') return undefined;
  return path.resolve(root.fsPath, s.agentFolder);
}
