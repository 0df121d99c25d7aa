// The `process-agent` command line; subcommands are added by their modules.
process.stderr.write('process-agent: no commands yet\n');
process.exitCode = 1;
