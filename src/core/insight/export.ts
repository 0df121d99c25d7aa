/**
 * An automation candidate as a process spec: pspec (the project's own format, checked by
 * parsing it back) and BPMN 2.0 XML, a start event, one sub-process holding the run's steps as
 * service tasks in sequence, and an end event, with diagram coordinates so bpmn-js (and the
 * Camunda / bpmn.io modelers) can draw it. bpmn-moddle writes the XML from the BPMN
 * metamodel, so names are escaped and the document validates against the schema's shape.
 */
import { BpmnModdle } from 'bpmn-moddle';
import { pspecParser } from '../spec/pspec';
import type { AutomationCandidate } from './types';

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function hours(ms: number): string {
  return ms >= 3_600_000 ? `${(ms / 3_600_000).toFixed(1)} h` : `${(ms / 60_000).toFixed(1)} min`;
}

export function candidateToPspec(c: AutomationCandidate): string {
  if (c.steps.length === 0) throw new RangeError('an automation candidate needs at least one step');
  const lines = [
    `# Automation candidate: ${c.steps.length} steps the agent predicts with held-out precision ${pct(c.precision)}.`,
    `# ${c.cases} cases (${pct(c.caseShare)}) run through it; median ${hours(c.medianDurationMs)} from first to last step.`,
    `# Resources: ${c.resources.length > 0 ? c.resources.join(', ') : '(none recorded)'}${c.onCriticalPath ? '; on the critical path' : ''}.`,
    ...c.steps,
  ];
  const text = lines.join('\n') + '\n';
  // A label the format cannot hold (a "->" chain, a " #" comment, a leading "1." marker)
  // would come back as other steps: refuse rather than write a spec that means something else.
  const back = pspecParser.steps(text).map((s) => s.label);
  if (back.length !== c.steps.length || back.some((l, i) => l !== c.steps[i])) {
    const bad = c.steps.find((s, i) => back[i] !== s) ?? c.steps[0];
    throw new RangeError(`the step "${bad}" cannot be written as one pspec line (it holds "->", "→", " #" or a leading list marker)`);
  }
  return text;
}

const TASK_W = 120;
const TASK_H = 80;
const GAP = 50;
const EVENT = 36;

/** XML ids: letters, digits, _ . - only, starting with a letter. */
function xmlId(prefix: string, i: number): string {
  return `${prefix}_${i}`;
}

export async function candidateToBpmn(c: AutomationCandidate, name = `Automate ${c.steps[0]} … ${c.steps[c.steps.length - 1]}`): Promise<string> {
  if (c.steps.length === 0) throw new RangeError('an automation candidate needs at least one step');
  const m = new BpmnModdle();
  const bounds = (x: number, y: number, width: number, height: number) => m.create('dc:Bounds', { x, y, width, height });
  const point = (x: number, y: number) => m.create('dc:Point', { x, y });
  const shapes: ReturnType<typeof m.create>[] = [];
  const edges: ReturnType<typeof m.create>[] = [];
  const flow = (id: string, source: ReturnType<typeof m.create>, target: ReturnType<typeof m.create>, owner: ReturnType<typeof m.create>[]) => {
    const f = m.create('bpmn:SequenceFlow', { id, sourceRef: source, targetRef: target });
    (source.outgoing as unknown[]).push(f);
    (target.incoming as unknown[]).push(f);
    owner.push(f);
    return f;
  };
  const node = (type: string, id: string, attrs: Record<string, unknown> = {}) => m.create(type, { id, incoming: [], outgoing: [], ...attrs });

  // Inside the sub-process: start → task 1 → … → task n → end, left to right.
  const inner: ReturnType<typeof m.create>[] = [];
  const subStart = node('bpmn:StartEvent', 'SubStart');
  const tasks = c.steps.map((s, i) => node('bpmn:ServiceTask', xmlId('Task', i + 1), { name: s }));
  const subEnd = node('bpmn:EndEvent', 'SubEnd');
  const chain = [subStart, ...tasks, subEnd];
  inner.push(...chain);
  const innerFlows = chain.slice(1).map((t, i) => flow(xmlId('SubFlow', i + 1), chain[i], t, inner));
  const sub = node('bpmn:SubProcess', 'Candidate', {
    name: `${c.steps.length} steps, ${c.cases} cases, precision ${pct(c.precision)}`,
    flowElements: inner,
  });
  const start = node('bpmn:StartEvent', 'Start', { name: 'Start' });
  const end = node('bpmn:EndEvent', 'End', { name: 'End' });
  const top: ReturnType<typeof m.create>[] = [start, sub, end];
  const f1 = flow('Flow_1', start, sub, top);
  const f2 = flow('Flow_2', sub, end, top);
  const process = m.create('bpmn:Process', { id: 'Process_1', name, isExecutable: false, flowElements: top });

  // Diagram: the sub-process expanded, its content on one row.
  const y0 = 80;
  const subX = 150;
  const innerY = y0 + 40 + TASK_H / 2; // centre line inside the sub-process
  let x = subX + 30;
  const centres = new Map<unknown, { x: number; y: number; w: number; h: number }>();
  for (const el of chain) {
    const isEvent = el.$type !== 'bpmn:ServiceTask';
    const w = isEvent ? EVENT : TASK_W;
    const h = isEvent ? EVENT : TASK_H;
    centres.set(el, { x: x + w / 2, y: innerY, w, h });
    shapes.push(m.create('bpmndi:BPMNShape', { id: `${el.id}_di`, bpmnElement: el, bounds: bounds(x, innerY - h / 2, w, h) }));
    x += w + GAP;
  }
  const subW = x - GAP + 30 - subX;
  const subH = TASK_H + 80;
  const subY = innerY - subH / 2;
  shapes.unshift(m.create('bpmndi:BPMNShape', { id: 'Candidate_di', bpmnElement: sub, isExpanded: true, bounds: bounds(subX, subY, subW, subH) }));
  shapes.unshift(m.create('bpmndi:BPMNShape', { id: 'Start_di', bpmnElement: start, bounds: bounds(60, innerY - EVENT / 2, EVENT, EVENT) }));
  shapes.push(m.create('bpmndi:BPMNShape', { id: 'End_di', bpmnElement: end, bounds: bounds(subX + subW + GAP, innerY - EVENT / 2, EVENT, EVENT) }));
  const edge = (f: ReturnType<typeof m.create>, x1: number, x2: number) =>
    edges.push(m.create('bpmndi:BPMNEdge', { id: `${f.id}_di`, bpmnElement: f, waypoint: [point(x1, innerY), point(x2, innerY)] }));
  edge(f1, 60 + EVENT, subX);
  edge(f2, subX + subW, subX + subW + GAP);
  innerFlows.forEach((f, i) => {
    const a = centres.get(chain[i])!;
    const b = centres.get(chain[i + 1])!;
    edge(f, a.x + a.w / 2, b.x - b.w / 2);
  });
  const plane = m.create('bpmndi:BPMNPlane', { id: 'Plane_1', bpmnElement: process, planeElement: [...shapes, ...edges] });
  const diagram = m.create('bpmndi:BPMNDiagram', { id: 'Diagram_1', plane });
  const definitions = m.create('bpmn:Definitions', {
    id: 'Definitions_1',
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'Process Agent',
    exporterVersion: '0.1.0',
    rootElements: [process],
    diagrams: [diagram],
  });
  const { xml } = await m.toXML(definitions, { format: true });
  return xml;
}
