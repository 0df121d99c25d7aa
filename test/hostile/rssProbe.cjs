// Preloaded (node --require) into a CLI child by the hostile-input tests: on exit it writes the
// process's peak resident memory (KiB, all threads) to $PA_RSS_OUT, so every case can assert it.
const { writeFileSync } = require('node:fs');
process.on('exit', () => {
  if (process.env.PA_RSS_OUT) writeFileSync(process.env.PA_RSS_OUT, String(process.resourceUsage().maxRSS));
});
