/**
 * The seeded catalog: orgs and teams, container repositories, models, resources and charts, with the lookups every
 * host uses. `bigorg` repositories are virtual — produced by index on demand — so 10 000 of them cost nothing until
 * a page or a search touches them.
 */
import { seedArtifacts } from './seedArtifacts.js';
import { bigRepo, seedRepos } from './seedContainers.js';
import type { ArtifactKind, ArtifactSeed, RepoSeed } from './types.js';
import { fullName } from './types.js';

export interface OrgSeed {
    id: number;
    name: string;
    displayName: string;
    description: string;
    isPublic: boolean;
    type: 'ENTERPRISE' | 'NVIDIA_INTERNAL';
    teams: { id: number; name: string; description: string }[];
}

export class Catalog {
    readonly orgs: OrgSeed[];
    private readonly repos: RepoSeed[];
    private readonly repoByName = new Map<string, RepoSeed>();
    private readonly artifacts: ArtifactSeed[];
    private readonly bigCache: (RepoSeed | undefined)[] = [];

    constructor(
        readonly bigCount: number,
        bench: boolean,
    ) {
        this.orgs = [
            org(1001, 'nvidia', 'NVIDIA', true, 'NVIDIA_INTERNAL', ['tao', 'nemo']),
            org(2001, 'acme', 'Acme Corp', false, 'ENTERPRISE', ['vision']),
            org(3001, 'otherorg', 'Other Org', false, 'ENTERPRISE', []),
        ];
        if (bigCount > 0) {
            this.orgs.push(org(4001, 'bigorg', 'Big Org', false, 'ENTERPRISE', []));
        }
        this.repos = seedRepos();
        for (const repo of this.repos) {
            this.repoByName.set(fullName(repo), repo);
        }
        this.artifacts = seedArtifacts(bench);
    }

    findOrg(name: string): OrgSeed | undefined {
        return this.orgs.find((o) => o.name === name);
    }

    /** A repository by `org/name` or `org/team/name`. */
    findRepo(name: string): RepoSeed | undefined {
        const fixed = this.repoByName.get(name);
        if (fixed !== undefined) {
            return fixed;
        }
        const match = /^bigorg\/repo-(\d{5})$/.exec(name);
        if (match?.[1] !== undefined) {
            const i = Number(match[1]);
            return i < this.bigCount ? this.bigRepoAt(i) : undefined;
        }
        return undefined;
    }

    /** Number of repositories in all namespaces, in order: fixed ones first, then bigorg's. */
    get repoCount(): number {
        return this.repos.length + this.bigCount;
    }

    /** Repository `i` of {@link repoCount}. */
    repoAt(i: number): RepoSeed {
        return i < this.repos.length ? (this.repos[i] as RepoSeed) : this.bigRepoAt(i - this.repos.length);
    }

    /**
     * The repositories under `org` (and `team`, when given) as an indexable list. `bigorg` is served arithmetically;
     * other namespaces are small and filtered.
     */
    reposIn(orgName: string, team?: string): { count: number; at: (i: number) => RepoSeed } {
        if (orgName === 'bigorg' && team === undefined) {
            return { count: this.bigCount, at: (i) => this.bigRepoAt(i) };
        }
        const list = this.repos.filter((r) => r.org === orgName && (team === undefined || r.team === team));
        return { count: list.length, at: (i) => list[i] as RepoSeed };
    }

    findArtifact(kind: ArtifactKind, name: string): ArtifactSeed | undefined {
        return this.artifacts.find((a) => a.kind === kind && fullName(a) === name);
    }

    artifactsIn(kind: ArtifactKind, orgName?: string, team?: string): ArtifactSeed[] {
        return this.artifacts.filter(
            (a) =>
                a.kind === kind &&
                (orgName === undefined || a.org === orgName) &&
                (team === undefined || a.team === team),
        );
    }

    private bigRepoAt(i: number): RepoSeed {
        let seed = this.bigCache[i];
        if (seed === undefined) {
            seed = bigRepo(i);
            this.bigCache[i] = seed;
        }
        return seed;
    }
}

function org(
    id: number,
    name: string,
    displayName: string,
    isPublic: boolean,
    type: OrgSeed['type'],
    teams: string[],
): OrgSeed {
    return {
        id,
        name,
        displayName,
        description: `${displayName} (simulated)`,
        isPublic,
        type,
        teams: teams.map((t, i) => ({ id: id * 10 + i + 1, name: t, description: `Team ${t} of ${displayName}` })),
    };
}
