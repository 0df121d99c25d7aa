/**
 * The consumer-loan process behind samples/loan-sample.csv. It has what makes next-step
 * prediction non-trivial: a hidden loan size, hinted at by the channel the application came
 * in through and used much later (collateral appraisal, senior review, who approves, how hard
 * the offer is negotiated); the channel itself, which decides how the contract is signed or
 * the rejection sent, usually more than five steps after the first (out of an n-gram's
 * reach); a rework loop for missing documents; an AND-split whose steps interleave; a
 * negotiation loop; and a hidden decision that only shows when it is taken.
 */
import { and, draw, loop, seq, step, xor, EMPTY, type Attributes, type ProcessNode } from './model';
import type { SimulateOptions } from './simulate';

const HOUR = 60;
const DAY = 24 * HOUR;
const clerks = ['C1', 'C2', 'C3', 'C4'];
const analysts = ['A1', 'A2', 'A3'];
const managers = ['M1', 'M2'];
const large = (a: Attributes): boolean => a.size === 'large';
const bySize = (ifLarge: number, ifSmall: number) => (a: Attributes): number => (large(a) ? ifLarge : ifSmall);
const when = (attribute: string, value: string) => (a: Attributes): number => (a[attribute] === value ? 1 : 0);

export const loanModel: ProcessNode = seq(
  draw('size', { small: 0.6, large: 0.4 }),
  draw('channel', { online: bySize(0.2, 0.85), branch: bySize(0.8, 0.15) }),
  xor(
    [when('channel', 'online'), step('Submit online application', ['SYS'], 1, { spread: 0.2 })],
    [when('channel', 'branch'), step('Submit application at branch', clerks, 20)],
  ),
  loop(
    step('Check completeness', clerks, 3 * HOUR),
    seq(step('Request missing documents', clerks, 30), step('Receive documents', ['SYS'], 2 * DAY, { spread: 1 })),
    0.3,
    2,
  ),
  and(
    step('Verify income', analysts, 2 * HOUR),
    step('Check credit history', ['SYS'], 1 * HOUR, { spread: 1.2 }),
    xor([bySize(0.9, 0.03), step('Appraise collateral', ['V1', 'V2'], 3 * DAY)], [bySize(0.1, 0.97), EMPTY]),
  ),
  draw('decision', { approve: bySize(0.65, 0.8), reject: bySize(0.35, 0.2) }),
  step('Assess risk', analysts, 1 * HOUR),
  xor([bySize(0.85, 0.05), step('Senior review', managers, 1 * DAY)], [bySize(0.15, 0.95), EMPTY]),
  xor(
    [
      when('decision', 'approve'),
      seq(
        step('Approve loan', [...analysts, ...managers], 30, { pickResource: (a) => (large(a) ? managers : analysts) }),
        step('Prepare offer', clerks, 2 * HOUR),
        loop(step('Send offer', clerks, 30), step('Negotiate terms', clerks, 2 * DAY), bySize(0.35, 0.1), 2),
        xor(
          [
            0.85,
            seq(
              // The channel chosen at the very first step decides how the contract is signed, many steps later.
              xor(
                [when('channel', 'online'), step('Sign contract online', ['SYS'], 1 * DAY, { spread: 1 })],
                [when('channel', 'branch'), step('Sign contract at branch', clerks, 3 * DAY, { spread: 1 })],
              ),
              step('Disburse funds', ['F1', 'F2'], 1 * DAY),
            ),
          ],
          [0.15, step('Cancel offer', clerks, 7 * DAY, { spread: 0.3 })],
        ),
      ),
    ],
    [
      when('decision', 'reject'),
      seq(
        step('Reject application', [...analysts, ...managers], 30),
        xor([when('channel', 'online'), step('Send rejection e-mail', ['SYS'], 10)], [when('channel', 'branch'), step('Send rejection letter', clerks, 1 * DAY)]),
      ),
    ],
  ),
);

/** What scripts/make-samples.ts passes to simulateLog for samples/loan-sample.csv. */
export const LOAN_SAMPLE_OPTIONS: SimulateOptions = {
  cases: 520,
  seed: 2025,
  start: Date.UTC(2025, 0, 6, 8, 0, 0),
  meanArrivalMinutes: 4 * HOUR,
  casePrefix: 'L',
};

/** samples/loan.pspec: the usual path of a small online application, one step per line. */
export const LOAN_PSPEC = `# Consumer loan: the usual path of a small online application.
# One step per line. Open it in VS Code with a trained agent and start a new line:
# Process Agent suggests the next step from samples/loan-sample.csv.
Submit online application
Check completeness
Verify income
Check credit history
Assess risk
Approve loan
Prepare offer
Send offer
Sign contract online
Disburse funds
`;
