/**
 * Completion inside `FROM <registry>/` as plain data: where the cursor is (the registry host, an org/team/repository
 * path, or a tag after `repo:`), and the candidates for it from catalog search hits and a repository's dated tags.
 * Only the configured NGC registry is completed: a reference without a host means Docker Hub in a Dockerfile.
 */
import type { ArtifactSummary } from '../catalog/catalogSource';
import { formatBytes } from '../lib/format';
import type { ListedTag } from './imageFacts';

export type CompletionPlace =
    /** Typing the image's host: `FROM nv` → `nvcr.io/`. */
    | { kind: 'registry'; start: number; typed: string }
    /** After `FROM nvcr.io/`: `org`, `org/team` or `org/[team/]repo` being typed; `scope` is what is already there. */
    | { kind: 'path'; start: number; typed: string; scope: { org?: string; team?: string } }
    /** After `FROM nvcr.io/org/[team/]repo:`. */
    | { kind: 'tag'; start: number; typed: string; repository: string };

/** `FROM`, then flags (`--platform=…`), then the image token the cursor is at the end of. */
const FROM_TOKEN = /^(\s*FROM\s+(?:--\S+\s+)*)(\S*)$/i;
const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/**
 * Where completion applies in `before` (the line's text up to the cursor), or undefined. `start` is the column where
 * the replaced text begins: the whole token for the host, the last path segment, or the tag after `:`.
 */
export function completionPlace(before: string, registry: string): CompletionPlace | undefined {
    const match = FROM_TOKEN.exec(before);
    if (!match) {
        return undefined;
    }
    const tokenStart = (match[1] ?? '').length;
    const token = match[2] ?? '';
    const host = `${registry}/`;
    if (!token.toLowerCase().startsWith(host.toLowerCase())) {
        return host.toLowerCase().startsWith(token.toLowerCase())
            ? { kind: 'registry', start: tokenStart, typed: token }
            : undefined;
    }
    const rest = token.slice(host.length);
    if (rest.includes('@') || rest.includes('$')) {
        return undefined;
    }
    const colon = rest.indexOf(':');
    if (colon >= 0) {
        const repository = rest.slice(0, colon);
        const parts = repository.split('/');
        if (parts.length < 2 || parts.length > 3 || !parts.every((p) => NAME.test(p))) {
            return undefined;
        }
        return { kind: 'tag', start: tokenStart + host.length + colon + 1, typed: rest.slice(colon + 1), repository };
    }
    const parts = rest.split('/');
    const typed = parts.pop() ?? '';
    if (parts.length > 2 || !parts.every((p) => NAME.test(p))) {
        return undefined;
    }
    const [org, team] = parts;
    return {
        kind: 'path',
        start: tokenStart + host.length + rest.length - typed.length,
        typed,
        scope: { ...(org ? { org } : {}), ...(team ? { team } : {}) },
    };
}

export interface Candidate {
    label: string;
    /** What replaces the typed text. */
    insert: string;
    kind: 'registry' | 'org' | 'team' | 'repository' | 'tag';
    detail?: string;
    documentation?: string;
    /** Keeps the given order (newest tag first) whatever the labels. */
    sortText: string;
    /** A path step (`org/`, `team/`, `repo:`): completion continues at once. */
    retrigger: boolean;
}

/**
 * The org, team and repository candidates at a path place, from search hits of that scope and the orgs and teams
 * known besides (the key's orgs; an org's teams). Level 0 offers orgs, level 1 the org's teams and repositories,
 * level 2 the team's repositories. A repository's insert ends in `:` so its tags follow.
 */
export function pathCandidates(
    place: Extract<CompletionPlace, { kind: 'path' }>,
    hits: readonly ArtifactSummary[],
    known: { orgs?: readonly string[]; teams?: readonly string[] } = {},
): Candidate[] {
    const { org, team } = place.scope;
    const out = new Map<string, Candidate>();
    const add = (c: Omit<Candidate, 'sortText'>) => {
        if (!out.has(c.insert)) {
            out.set(c.insert, { ...c, sortText: `${c.kind === 'repository' ? 1 : 0}${c.label.toLowerCase()}` });
        }
    };
    if (org === undefined) {
        for (const o of [...(known.orgs ?? []), ...hits.map((h) => h.org)].filter((o) => NAME.test(o))) {
            add({ label: o, insert: `${o}/`, kind: 'org', detail: 'NGC org', retrigger: true });
        }
        return [...out.values()];
    }
    const inScope = hits.filter((h) => h.kind === 'container' && h.org === org);
    if (team === undefined) {
        for (const t of [...(known.teams ?? []), ...inScope.flatMap((h) => (h.team ? [h.team] : []))]) {
            add({ label: t, insert: `${t}/`, kind: 'team', detail: `team of ${org}`, retrigger: true });
        }
    }
    for (const h of inScope.filter((x) => x.team === team)) {
        const facts = [h.latest ? `latest ${h.latest}` : undefined, h.updated?.slice(0, 10), formatBytes(h.size)];
        add({
            label: h.name,
            insert: `${h.name}:`,
            kind: 'repository',
            detail: [h.displayName, ...facts].filter(Boolean).join(' · '),
            ...(h.description ? { documentation: h.description } : {}),
            retrigger: true,
        });
    }
    return [...out.values()];
}

/** The tags of a repository as candidates, in the order given (newest first), with size, date and signing. */
export function tagCandidates(tags: readonly ListedTag[]): Candidate[] {
    const width = String(tags.length).length;
    return tags.map((t, i) => ({
        label: t.tag,
        insert: t.tag,
        kind: 'tag',
        detail: [formatBytes(t.size), t.date?.slice(0, 10), t.signed ? 'signed (unverified)' : undefined]
            .filter(Boolean)
            .join(' · '),
        sortText: String(i).padStart(width, '0'),
        retrigger: false,
    }));
}

/** The registry host as a candidate (`nvcr.io/`). */
export function registryCandidate(registry: string): Candidate {
    return {
        label: `${registry}/`,
        insert: `${registry}/`,
        kind: 'registry',
        detail: 'NGC registry',
        sortText: '0',
        retrigger: true,
    };
}
