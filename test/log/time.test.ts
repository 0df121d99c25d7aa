import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTimestamp, PENDING, TimeColumn } from '../../src/core/log/time';
import { LogError } from '../../src/core/log/types';

const utc = (s: string): number => Date.parse(s);

test('ISO 8601 with and without zone; naive times are UTC', () => {
  assert.equal(parseTimestamp('2024-01-31T08:00:00Z'), utc('2024-01-31T08:00:00Z'));
  assert.equal(parseTimestamp('2024-01-31T08:00:00'), utc('2024-01-31T08:00:00Z'));
  assert.equal(parseTimestamp('2010-01-13T08:40:25.000+02:00'), utc('2010-01-13T06:40:25Z'));
  assert.equal(parseTimestamp('2011-10-11 13:45:40.276000+02:00'), utc('2011-10-11T11:45:40.276Z'));
  assert.equal(parseTimestamp('2024-01-31T08:00:00-0530'), utc('2024-01-31T13:30:00Z'));
  assert.equal(parseTimestamp('2024-01-31T08:00:00.5+01'), utc('2024-01-31T07:00:00.500Z'));
});

test('YYYY-MM-DD HH:mm:ss(.SSS), YYYY/MM/DD and date only', () => {
  assert.equal(parseTimestamp('2012-04-03 16:55:38'), utc('2012-04-03T16:55:38Z'));
  assert.equal(parseTimestamp('2012-04-03 16:55:38.123'), utc('2012-04-03T16:55:38.123Z'));
  assert.equal(parseTimestamp('2012/04/03 16:55'), utc('2012-04-03T16:55:00Z'));
  assert.equal(parseTimestamp('2012-04-03'), utc('2012-04-03T00:00:00Z'));
});

test('epoch seconds and milliseconds', () => {
  assert.equal(parseTimestamp('1325376000'), utc('2012-01-01T00:00:00Z'));
  assert.equal(parseTimestamp('1325376000123'), utc('2012-01-01T00:00:00.123Z'));
  assert.equal(parseTimestamp('1325376000.5'), utc('2012-01-01T00:00:00.500Z'));
});

test('a 12-hour clock with AM/PM: 12 AM is midnight, 12 PM is noon', () => {
  assert.equal(parseTimestamp('2024-01-31 12:05 AM'), utc('2024-01-31T00:05:00Z'));
  assert.equal(parseTimestamp('2024-01-31 12:05:09 PM'), utc('2024-01-31T12:05:09Z'));
  assert.equal(parseTimestamp('2024-01-31 9:05pm'), utc('2024-01-31T21:05:00Z'));
  assert.equal(parseTimestamp('2024-01-31 07:30:00 AM +02:00'), utc('2024-01-31T05:30:00Z'));
  const us = column(['1/31/2024 9:05 AM', '2/1/2024 12:00 PM', '2/1/2024 11:59 PM']);
  assert.deepEqual(us.times, [utc('2024-01-31T09:05:00Z'), utc('2024-02-01T12:00:00Z'), utc('2024-02-01T23:59:00Z')]);
  assert.match(us.order ?? '', /month-first/);
});

test('impossible or foreign values are NaN', () => {
  for (const bad of ['2024-02-30 10:00', '2024-13-01', '2024-01-01 25:00', 'yesterday', '2024-01-01T10:00:00+2', '12345', '', '2024-01-31 13:00 PM', '2024-01-31 00:10 AM', '2024-01-31 10:00 AX']) {
    assert.ok(Number.isNaN(parseTimestamp(bad)), bad);
  }
});

function column(values: string[], dayFirst?: boolean): { times: number[]; order: string | undefined } {
  const col = new TimeColumn('f.csv', 'when', dayFirst);
  const targets = values.map((v, i) => {
    const t = { time: col.parse(v, i + 2) };
    if (t.time === PENDING) col.defer(t);
    return t;
  });
  const order = col.resolve();
  return { times: targets.map((t) => t.time), order };
}

test('DD-MM-YYYY: a first part > 12 proves day-first, and the report says so', () => {
  const r = column(['03-04-2024 10:00', '25-04-2024 10:00:30']);
  assert.deepEqual(r.times, [utc('2024-04-03T10:00:00Z'), utc('2024-04-25T10:00:30Z')]);
  assert.match(r.order ?? '', /day-first \(1 of 2 values have a first part > 12\)/);
});

test('MM/DD/YYYY: a second part > 12 proves month-first', () => {
  const r = column(['03/04/2024 10:00', '04/25/2024 10:00']);
  assert.deepEqual(r.times, [utc('2024-03-04T10:00:00Z'), utc('2024-04-25T10:00:00Z')]);
  assert.match(r.order ?? '', /month-first/);
});

test('undecidable dates default to day-first, and say how to override', () => {
  const r = column(['03.04.2024 10:00', '05.06.2024 11:00']);
  assert.equal(r.times[0], utc('2024-04-03T10:00:00Z'));
  assert.match(r.order ?? '', /assumed/);
  assert.equal(column(['03.04.2024 10:00'], false).times[0], utc('2024-03-04T10:00:00Z'));
});

test('a column mixing both orders is an error naming the lines', () => {
  assert.throws(() => column(['25-04-2024 10:00', '04-25-2024 10:00']), (e: unknown) => e instanceof LogError && /mixes day-first and month-first/.test(e.problem));
});

test('a forced order that a value contradicts is an error with the line', () => {
  assert.throws(() => column(['25-04-2024 10:00'], false), (e: unknown) => e instanceof LogError && e.line === 2);
});

test('empty values are NaN; garbage throws with the line', () => {
  const col = new TimeColumn('f.csv', 'when');
  assert.ok(Number.isNaN(col.parse('', 5)));
  assert.throws(() => col.parse('noon', 7), (e: unknown) => e instanceof LogError && e.line === 7 && /"noon" in column "when"/.test(e.problem));
});
