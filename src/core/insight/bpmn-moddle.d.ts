/**
 * The part of bpmn-moddle's API the BPMN export uses. The package ships element types
 * (bpmn-moddle/types) but none for its entry point, so the entry is declared here.
 */
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    [key: string]: unknown;
  }
  export interface Moddle {
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
    fromXML(xml: string): Promise<{ rootElement: ModdleElement; warnings: unknown[] }>;
  }
  /** `new BpmnModdle()`: the BPMN 2.0 metamodel with DI, ready to create and write elements. */
  export const BpmnModdle: new () => Moddle;
}
