import type { CliCommand } from './command';
import { downloadCommand } from './commands/download';
import { inspectCommand } from './commands/inspect';
import { mirrorCommand } from './commands/mirror';
import { pinCommand } from './commands/pin';
import { pullCommand } from './commands/pull';
import { resolveCommand } from './commands/resolve';
import { searchCommand } from './commands/search';
import { tagsCommand } from './commands/tags';
import { verifyCommand } from './commands/verify';
import { verifyModelCommand } from './commands/verifyModel';
import { whoamiCommand } from './commands/whoami';

/** Every command of the CLI contract (DESIGN.md), in the order the help lists them. */
export const commands: readonly CliCommand[] = [
    whoamiCommand,
    searchCommand,
    tagsCommand,
    resolveCommand,
    inspectCommand,
    pinCommand,
    downloadCommand,
    pullCommand,
    verifyCommand,
    mirrorCommand,
    verifyModelCommand,
];
