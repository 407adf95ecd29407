import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArtifactSummary, CatalogScope } from '../../../../src/core/catalog/catalogSource';
import {
    completionPlace,
    pathCandidates,
    registryCandidate,
    tagCandidates,
    type CompletionPlace,
} from '../../../../src/core/dockerfile/completion';
import { CompletionCatalog, type CompletionSources } from '../../../../src/core/dockerfile/completionCatalog';

const hit = (org: string, name: string, extra: Partial<ArtifactSummary> = {}): ArtifactSummary => ({
    kind: 'container',
    org,
    name,
    ...extra,
});

describe('completion place', () => {
    it('Should find the host, a path segment or a tag at the end of a FROM token, after flags', () => {
        assert.deepEqual(completionPlace('FROM nv', 'nvcr.io'), { kind: 'registry', start: 5, typed: 'nv' });
        assert.deepEqual(completionPlace('from  ', 'nvcr.io'), { kind: 'registry', start: 6, typed: '' });
        assert.deepEqual(completionPlace('FROM nvcr.io/', 'nvcr.io'), {
            kind: 'path',
            start: 13,
            typed: '',
            scope: {},
        });
        assert.deepEqual(completionPlace('FROM --platform=linux/arm64 nvcr.io/nvidia/py', 'nvcr.io'), {
            kind: 'path',
            start: 43,
            typed: 'py',
            scope: { org: 'nvidia' },
        });
        assert.deepEqual(completionPlace('  FROM 127.0.0.1:5000/nvidia/tao/', '127.0.0.1:5000'), {
            kind: 'path',
            start: 33,
            typed: '',
            scope: { org: 'nvidia', team: 'tao' },
        });
        assert.deepEqual(completionPlace('FROM nvcr.io/nvidia/tao/tao-toolkit:5.', 'nvcr.io'), {
            kind: 'tag',
            start: 36,
            typed: '5.',
            repository: 'nvidia/tao/tao-toolkit',
        });
    });

    it('Should offer nothing off the NGC registry, after a digest, in ARGs or outside FROM', () => {
        for (const line of [
            'FROM ubuntu:',
            'FROM docker.io/library/',
            'FROM nvcr.io/nvidia/pytorch:25.03-py3@sha',
            'FROM nvcr.io/${ORG}/',
            'FROM nvcr.io/a/b/c/',
            'FROM nvcr.io/nvidia:',
            'RUN echo nvcr.io/',
            'FROM nvcr.io/nvidia/pytorch:25.03-py3 AS ',
        ]) {
            assert.equal(completionPlace(line, 'nvcr.io'), undefined, line);
        }
    });
});

describe('completion candidates', () => {
    const hits = [
        hit('nvidia', 'pytorch', {
            displayName: 'PyTorch',
            latest: '25.03-py3',
            updated: '2025-03-20T10:00:00Z',
            size: 9_800_000_000,
            description: 'PyTorch is a GPU accelerated tensor computational framework.',
        }),
        hit('nvidia', 'tao-toolkit', { team: 'tao' }),
        hit('acme', 'private-app'),
        { ...hit('nvidia', 'peoplenet'), kind: 'model' as const },
    ];
    type PathPlace = Extract<CompletionPlace, { kind: 'path' }>;
    const path = (scope: PathPlace['scope']): PathPlace => ({ kind: 'path', start: 0, typed: '', scope });

    it('Should offer orgs first, then an org’s teams and repositories, then a team’s repositories', () => {
        const orgs = pathCandidates(path({}), hits, { orgs: ['acme', 'nvidia'] });
        assert.deepEqual(
            orgs.map((c) => [c.insert, c.kind, c.retrigger]),
            [
                ['acme/', 'org', true],
                ['nvidia/', 'org', true],
            ],
        );
        const nvidia = pathCandidates(path({ org: 'nvidia' }), hits, { teams: ['clara'] });
        assert.deepEqual(
            nvidia.map((c) => c.insert),
            ['clara/', 'tao/', 'pytorch:'],
            'teams, then repositories without a team; models are not images',
        );
        const pytorch = nvidia.find((c) => c.label === 'pytorch');
        assert.equal(pytorch?.detail, 'PyTorch · latest 25.03-py3 · 2025-03-20 · 9.1 GiB');
        assert.match(pytorch?.documentation ?? '', /tensor computational framework/);
        const tao = pathCandidates(path({ org: 'nvidia', team: 'tao' }), hits);
        assert.deepEqual(
            tao.map((c) => c.insert),
            ['tao-toolkit:'],
        );
    });

    it('Should keep tags newest first with size, date and the catalog’s signing flag', () => {
        const tags = tagCandidates([
            { tag: '25.03-py3', date: '2025-03-20T10:00:00Z', size: 9_800_000_000, signed: true },
            { tag: '25.02-py3', date: '2025-03-17T10:00:00Z' },
        ]);
        assert.deepEqual(
            tags.map((t) => [t.label, t.detail, t.sortText, t.retrigger]),
            [
                ['25.03-py3', '9.1 GiB · 2025-03-20 · signed (unverified)', '0', false],
                ['25.02-py3', '2025-03-17', '1', false],
            ],
        );
        assert.equal(registryCandidate('nvcr.io').insert, 'nvcr.io/');
    });
});

/** Sources that count requests and answer from a fixed catalog after `latencyMs`. */
function countingSources(catalog: ArtifactSummary[], pageSize: number, latencyMs = 1) {
    const calls: string[] = [];
    const sources: CompletionSources = {
        search: async (scope: CatalogScope, text: string) => {
            calls.push(`search ${scope.org ?? ''}/${scope.team ?? ''} '${text}'`);
            await new Promise((r) => setTimeout(r, latencyMs));
            const all = catalog.filter(
                (h) =>
                    (!scope.org || h.org === scope.org) &&
                    (!scope.team || h.team === scope.team) &&
                    h.name.includes(text),
            );
            return { items: all.slice(0, pageSize), complete: all.length <= pageSize };
        },
        orgs: async () => {
            calls.push('orgs');
            return ['acme'];
        },
        teams: async (org) => {
            calls.push(`teams ${org}`);
            throw new Error('401');
        },
    };
    return { sources, calls };
}

describe('CompletionCatalog', () => {
    const many = Array.from({ length: 30 }, (_, i) => hit('nvidia', `repo-${String(i).padStart(2, '0')}`));

    it('Should ask a whole scope once and filter every later keystroke locally', async () => {
        const { sources, calls } = countingSources([hit('nvidia', 'pytorch'), hit('nvidia', 'cuda')], 50);
        const catalog = new CompletionCatalog(sources, { delayMs: 20 });
        for (const typed of ['', 'p', 'py', 'pyt', 'pyto']) {
            const answer = await catalog.path({ org: 'nvidia' }, typed);
            assert.equal(answer?.complete, true);
            assert.equal(answer?.hits.length, 2);
        }
        assert.deepEqual(calls, ["search nvidia/ ''", 'teams nvidia'], 'a failed team listing is kept as empty');
        await catalog.path({}, '');
        await catalog.path({}, 'x');
        assert.deepEqual(calls.slice(2), ["search / ''", 'orgs']);
    });

    it('Should send a text search only once typing pauses, never for a keystroke the editor cancelled', async () => {
        const { sources, calls } = countingSources(many, 10);
        const catalog = new CompletionCatalog(sources, { delayMs: 30 });
        const first = await catalog.path({ org: 'nvidia' }, '');
        assert.equal(first?.complete, false, 'a first page is not the whole scope');
        const pending: Promise<unknown>[] = [];
        for (const typed of ['r', 're', 'rep', 'repo-2']) {
            const controller = new AbortController();
            pending.push(catalog.path({ org: 'nvidia' }, typed, controller.signal));
            await new Promise((r) => setTimeout(r, 5));
            if (typed !== 'repo-2') {
                controller.abort(); // the next keystroke arrived
            }
        }
        const results = await Promise.all(pending);
        assert.deepEqual(results.slice(0, 3), [undefined, undefined, undefined]);
        const last = results[3] as { hits: ArtifactSummary[] };
        assert.ok(
            last.hits.some((h) => h.name === 'repo-29'),
            'the search found what the first page lacked',
        );
        assert.deepEqual(
            calls.filter((c) => c.startsWith('search')),
            ["search nvidia/ ''", "search nvidia/ 'repo-2'"],
        );
        await catalog.path({ org: 'nvidia' }, 'repo-2');
        assert.equal(calls.filter((c) => c.startsWith('search')).length, 2, 'a kept answer needs no pause or request');
        catalog.clear();
        await catalog.path({ org: 'nvidia' }, '');
        assert.equal(calls.filter((c) => c.startsWith('search')).length, 3, 'cleared answers are asked again');
    });
});
