import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { buildCommand } from './commands/build';

// A thin registry of command modules (src/cli/commands/). The validator branch owns this file; this
// minimal version only exists so `build` runs before the merge: on merge, keep theirs plus one
// `.command(buildCommand)` line.
void yargs(hideBin(process.argv))
  .scriptName('tei-edition')
  .command(buildCommand)
  .demandCommand(1, 'Name a command: build')
  .strict()
  .fail((message, error) => {
    process.stderr.write(`tei-edition: ${message ?? error?.message}\n`);
    process.exit(2);
  })
  .help()
  .parseAsync();
