/**
 * What every XES reader (serial, parallel range, header) agrees on: the standard extension
 * keys it reads, and which elements are attributes.
 */
export const NAME = 'concept:name';
export const LIFECYCLE = 'lifecycle:transition';
export const TIME = 'time:timestamp';
export const RESOURCE = 'org:resource';

/**
 * Typed attribute elements, lists and containers: their key/value is an attribute and their
 * children are skipped. A switch, because string compares beat a Set lookup that must hash the
 * parser's fresh tag name, on the hottest path of reading XES.
 */
export function isAttributeElement(tag: string): boolean {
  switch (tag) {
    case 'string':
    case 'date':
    case 'int':
    case 'float':
    case 'boolean':
    case 'id':
    case 'list':
    case 'container':
      return true;
    default:
      return false;
  }
}

/**
 * The four standard fields of the event being read, taken from its attribute elements. One
 * object per reader, cleared at each `<event>`: the serial and parallel readers capture exactly
 * the same keys.
 */
export class EventFields {
  name: string | undefined;
  lifecycle: string | undefined;
  time: string | undefined;
  resource: string | undefined;

  clear(): void {
    this.name = this.lifecycle = this.time = this.resource = undefined;
  }

  /** Keeps `value` when `key` is one of the four; other keys are not read. */
  take(key: string, value: string): void {
    if (key === NAME) this.name = value;
    else if (key === LIFECYCLE) this.lifecycle = value;
    else if (key === TIME) this.time = value;
    else if (key === RESOURCE) this.resource = value;
  }
}
