/**
 * The exact contents of samples/: the loan log, its spec, and a README that says how they were
 * made. Kept as a pure function so a test can prove the committed files are what it produces.
 */
import { eventsToCsv } from './csv';
import { LOAN_PSPEC, LOAN_SAMPLE_OPTIONS, loanModel } from './loan';
import { activitiesOf } from './model';
import { simulateLog } from './simulate';

export function renderSamples(): Record<string, string> {
  const events = simulateLog(loanModel, LOAN_SAMPLE_OPTIONS);
  const csv = eventsToCsv(events);
  const o = LOAN_SAMPLE_OPTIONS;
  const readme = `# Samples

Made by the project's own process simulator (\`src/core/sim/\`), not taken from any real log.
Regenerate them with:

    npx tsx scripts/make-samples.ts

- \`loan-sample.csv\`: ${o.cases} cases, ${events.length} events, ${activitiesOf(loanModel).length} activities of a simulated
  consumer-loan process (\`src/core/sim/loan.ts\`, seed ${o.seed}, a case every ${o.meanArrivalMinutes} minutes on average from
  ${new Date(o.start).toISOString().slice(0, 10)}). Columns: Case ID, Activity, Resource, Complete Timestamp (UTC). The model has
  a hidden loan size that shows in how the application arrived and decides, much later, whether collateral
  is appraised and a senior review happens; the arrival channel, which decides how the contract is
  signed or the rejection sent, usually more than five steps later; a rework loop for missing
  documents; an AND-split (income, credit history, collateral) whose steps interleave; and an offer
  negotiation loop.
  \`npm start\` trains an agent on it.
- \`loan.pspec\`: the usual path of a small online application, one step per line, using the log's
  activity names. Open it in VS Code with a trained agent to get the next step suggested.
`;
  return { 'loan-sample.csv': csv, 'loan.pspec': LOAN_PSPEC, 'README.md': readme };
}
