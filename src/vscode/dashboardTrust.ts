/** The dashboard's trust lines, from eval.json (with its byProtocol reports) and the newest run's baseline check. */
import type { EvalReport } from '../core/eval/types';
import type { EvalFile } from '../core/agent/evalReports';
import type { BaselineCheck } from '../core/train/baselineGuard';
import type { DashboardTrust } from '../protocol';

export function trustOf(report: EvalReport | undefined, baselineCheck: BaselineCheck | undefined): DashboardTrust | undefined {
  if (!report && !baselineCheck) return undefined;
  const byProtocol = Object.values((report as EvalFile | undefined)?.byProtocol ?? (report ? { [report.protocol.description]: report } : {})).map((r) => ({
    protocol: r.protocol.description,
    accuracy: r.agent.accuracy,
    ...(r.agentAlone ? { agentAlone: r.agentAlone.accuracy } : {}),
    ...(r.served ? { served: r.served.name } : {}),
    ...(r.excludedSeen ? { excludedSeen: r.excludedSeen } : {}),
  }));
  return {
    ...(report?.served ? { served: report.served } : {}),
    ...(baselineCheck ? { baselineCheck } : {}),
    ...(report?.excludedSeen ? { excludedSeen: report.excludedSeen } : {}),
    ...(report?.activitiesOnly ? { activitiesOnly: { accuracy: report.activitiesOnly.accuracy, withFeatures: report.agent.accuracy } } : {}),
    byProtocol,
  };
}
