import type { CliCommand } from './command';
import { downloadCommand } from './commands/download';
import { pinCommand } from './commands/pin';
import { pullCommand } from './commands/pull';
import { resolveCommand } from './commands/resolve';
import { searchCommand } from './commands/search';
import { tagsCommand } from './commands/tags';
import { verifyCommand } from './commands/verify';
import { whoamiCommand } from './commands/whoami';

/**
 * Every command of the CLI contract (DESIGN.md). Commands that belong to issues not yet landed are listed with
 * their usage so they parse, and are rejected cleanly until then.
 */
export const plannedCommands: readonly { name: string; usage: string; summary: string }[] = [
    { name: 'whoami', usage: 'whoami', summary: 'key type, user, orgs/teams, roles' },
    { name: 'search', usage: 'search QUERY [--type T] [--limit N]', summary: 'search the catalog' },
    { name: 'tags', usage: 'tags ORG/[TEAM/]REPO', summary: 'list the tags of a container repository' },
    { name: 'resolve', usage: 'resolve IMAGE [--platform OS/ARCH]', summary: 'print IMAGE pinned to its digest' },
    { name: 'pin', usage: 'pin FILE... [--check] [--platform P] [--registry HOST]...', summary: 'pin NGC FROM lines in Dockerfiles' },
    {
        name: 'download',
        usage: 'download ORG/[TEAM/]NAME[:VERSION] --dest DIR [--type model|resource|helm-chart] [--include GLOB]... [--exclude GLOB]... [--concurrency N] [--dry-run]',
        summary: 'download a model, resource or helm chart version, verified and resumable',
    },
    { name: 'pull', usage: 'pull IMAGE [--platform P]', summary: 'pull an image through the local Docker daemon' },
    { name: 'verify', usage: 'verify IMAGE [--public-key FILE]', summary: 'check the cosign signature of an image' },
];

/** The commands that are implemented; main.ts looks names up here first. */
export const commands: readonly CliCommand[] = [
    whoamiCommand,
    searchCommand,
    tagsCommand,
    resolveCommand,
    pinCommand,
    downloadCommand,
    pullCommand,
    verifyCommand,
];
