import type { CommandModule } from 'yargs';
import { buildCommand } from './build';
import { initCommand } from './init';
import { serveCommand } from './serve';
import { validateCommand } from './validate';

/** Every command of the CLI; add a module here to add a command (e.g. `build`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: Array<CommandModule<any, any>> = [validateCommand, buildCommand, initCommand, serveCommand];
