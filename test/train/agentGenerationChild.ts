/**
 * Child process for agentGeneration.test.ts: saves the "new" agent generation into argv[2].
 * The parent sets PROCESS_AGENT_TEST_CRASH_AT so the save SIGKILLs itself at one file boundary.
 */
import { saveAgentGeneration } from '../../src/core/train/agentGeneration';
import { NEW_AGENT, NEW_HISTORY_LINE } from './agentGenerationData';

saveAgentGeneration(process.argv[2], NEW_AGENT, NEW_HISTORY_LINE);
