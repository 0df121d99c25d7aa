/** Forked by trainingProcess.test.ts through forkEntryProcess: answers with the environment it got. */
const send = process.send?.bind(process);
if (!send) throw new Error('envChild must be forked with an IPC channel');
send({ mmap: process.env.MALLOC_MMAP_THRESHOLD_, trim: process.env.MALLOC_TRIM_THRESHOLD_, telemetry: process.env.ORT_DISABLE_TELEMETRY, pid: process.pid });
process.disconnect();
