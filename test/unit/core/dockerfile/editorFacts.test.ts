import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../../../../src/core/http/errors';
import { baseImageLines } from '../../../../src/core/dockerfile/baseImages';
import { expandArgs, globalArgs } from '../../../../src/core/dockerfile/buildArgs';
import { codeLensesOf, diagnosticsOf, expectedDigest } from '../../../../src/core/dockerfile/editorFacts';
import type { LineAnalysis } from '../../../../src/core/dockerfile/lineAnalysis';
import { hoverMarkdown } from '../../../../src/core/dockerfile/hoverText';
import type { TagFacts } from '../../../../src/core/dockerfile/imageFacts';
import { applyEdits } from '../../../../src/core/dockerfile/pin';
import type { ImageInspection } from '../../../../src/core/registry/inspect';

const IDX = `sha256:${'a'.repeat(64)}`;
const AMD = `sha256:${'b'.repeat(64)}`;
const ARM = `sha256:${'c'.repeat(64)}`;
const OLD = `sha256:${'0'.repeat(64)}`;
const TAG: TagFacts = {
    digest: IDX,
    mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
    platforms: [
        { platform: { os: 'linux', architecture: 'amd64' }, digest: AMD },
        { platform: { os: 'linux', architecture: 'arm64' }, digest: ARM },
    ],
};

const DOCKERFILE = [
    '# syntax=docker/dockerfile:1',
    'ARG BASE=nvcr.io/nvidia/pytorch',
    'ARG TAG="25.01-py3"',
    'ARG UNSET',
    'FROM ${BASE}:${TAG} AS one',
    `FROM --platform=linux/arm64 nvcr.io/nvidia/pytorch:25.03-py3@${OLD} AS two\r`,
    `from nvcr.io/nvidia/pytorch:25.03-py3@${AMD}`,
    'FROM nvcr.io/nvidia/pytorch:25.03-py3 \\',
    '  AS three',
    '# FROM nvcr.io/nvidia/cuda:12.0.0-base',
    'FROM ${UNSET}',
    'FROM ubuntu:22.04',
    'FROM one',
    'FROM nvcr.io/nvidia/cuda@' + IDX,
    '',
].join('\n');

function analyses(): LineAnalysis[] {
    const lines = baseImageLines(DOCKERFILE, { ngcRegistry: 'nvcr.io' });
    return lines.map((line) => {
        if (!line.ref?.tag) {
            return { line, newer: [] };
        }
        const expected = expectedDigest(line, TAG);
        return {
            line,
            tag: { ok: true, value: TAG },
            ...(expected ? { expected } : {}),
            listed: { tag: line.ref.tag, date: '2025-01-20T00:00:00Z', signed: true },
            newer: line.ref.tag === '25.01-py3' ? [{ tag: '25.03-py3', date: '2025-03-20T00:00:00Z' }] : [],
        };
    });
}

describe('build arguments', () => {
    it('Should read global ARG defaults (quoted, several per line) and stop at the first FROM', () => {
        const args = globalArgs('ARG A=1 B="two words"\r\nARG C\nFROM x\nARG D=4\n');
        assert.deepEqual(
            [...args.entries()],
            [
                ['A', '1'],
                ['B', 'two words'],
                ['C', undefined],
            ],
        );
    });

    it('Should expand the forms FROM uses and say unknown otherwise', () => {
        const args = new Map<string, string | undefined>([
            ['A', 'x'],
            ['E', ''],
            ['U', undefined],
        ]);
        assert.equal(expandArgs('$A/${A}:${E:-d}-${U-u}-${A:+p}', args), 'x/x:d-u-p');
        assert.equal(expandArgs('${U}', args), undefined);
        assert.equal(expandArgs('${MISSING}', args), undefined);
        assert.equal(expandArgs('${U}', args, { U: 'given' }), 'given');
    });
});

describe('baseImageLines', () => {
    it('Should find NGC lines with ARG defaults expanded, --platform, pins, stages, continuations and CRLF', () => {
        const lines = baseImageLines(DOCKERFILE, { ngcRegistry: 'nvcr.io' });
        assert.deepEqual(
            lines.map((l) => [
                l.line,
                l.ref?.tag,
                l.pinned,
                l.platform?.architecture,
                l.stage,
                l.fromArg,
                l.unknown !== undefined,
            ]),
            [
                [4, '25.01-py3', undefined, undefined, 'one', true, false],
                [5, '25.03-py3', OLD, 'arm64', 'two', false, false],
                [6, '25.03-py3', AMD, undefined, undefined, false, false],
                [7, '25.03-py3', undefined, undefined, 'three', false, false],
                [10, undefined, undefined, undefined, undefined, true, true],
                [13, undefined, IDX, undefined, undefined, false, false],
            ],
        );
    });
});

describe('diagnosticsOf', () => {
    it('Should report unpinned, stale and newer-release lines with fixes that respect the platform', () => {
        const diagnostics = diagnosticsOf(analyses());
        const byLine = (n: number) =>
            diagnostics.filter((d) => DOCKERFILE.slice(0, d.start).split('\n').length - 1 === n);
        assert.deepEqual(
            byLine(4).map((d) => d.code),
            ['ngc.unpinned', 'ngc.newerRelease'],
        );
        assert.deepEqual(byLine(4)[0]?.fixes, [], 'an ARG-templated line gets no edit on the FROM line');
        const stale = byLine(5)[0];
        assert.equal(stale?.code, 'ngc.staleDigest');
        assert.equal(stale?.severity, 'warning');
        const fixed = applyEdits(
            DOCKERFILE,
            [stale?.fixes[0]?.edit].filter((e) => e !== undefined),
        );
        assert.ok(fixed.includes(`pytorch:25.03-py3@${ARM} AS two\r\n`), 'the arm64 line gets the arm64 digest');
        assert.deepEqual(byLine(6), [], 'a pin to one platform manifest stays single-platform and is current');
        const unpinned = byLine(7)[0];
        assert.equal(unpinned?.severity, 'information');
        const pinned = applyEdits(
            DOCKERFILE,
            [unpinned?.fixes[0]?.edit].filter((e) => e !== undefined),
        );
        assert.ok(
            pinned.includes(`pytorch:25.03-py3@${IDX} \\\n  AS three`),
            'an index pin for a line without platform',
        );
        assert.equal(diagnosticsOf(analyses(), { unpinned: false }).filter((d) => d.code === 'ngc.unpinned').length, 0);
    });

    it('Should turn 401/403/404 into an error with the NGC diagnosis, and say nothing for a network failure', () => {
        const [first, second] = baseImageLines(DOCKERFILE, { ngcRegistry: 'nvcr.io' });
        assert.ok(first && second);
        const missing = new HttpError({
            kind: 'status',
            status: 404,
            url: 'http://nvcr.io/v2/x/manifests/y',
            code: 'MANIFEST_UNKNOWN',
        });
        const network = new HttpError({ kind: 'network', url: 'http://nvcr.io/v2/x' });
        const out = diagnosticsOf([
            { line: first, tag: { ok: false, error: missing }, newer: [] },
            { line: second, tag: { ok: false, error: network }, newer: [] },
        ]);
        assert.equal(out.length, 1);
        assert.equal(out[0]?.code, 'ngc.unknownImage');
        assert.equal(out[0]?.severity, 'error');
        assert.match(out[0]?.message ?? '', /not found|does not exist|no such/i);
    });
});

describe('codeLensesOf', () => {
    it('Should title each NGC line: pinned · current, digest stale — update, N newer tags, signed (unverified)', () => {
        const titles = codeLensesOf(analyses()).map((l) => `${l.line}: ${l.title}`);
        assert.deepEqual(titles, [
            '4: not pinned — pin',
            '4: 1 newer tag',
            '4: signed (unverified)',
            '5: digest stale — update',
            '5: signed (unverified)',
            '6: pinned · current',
            '6: signed (unverified)',
            '7: not pinned — pin',
            '7: signed (unverified)',
            '10: NGC: image unknown (build argument without a default)',
        ]);
    });

    it('Should say signed ✓ only after Verify passed on the digest the line builds from, and invalid when it failed', () => {
        const verdicts = new Map([
            ['nvidia/pytorch:25.03-py3', { state: 'verified' as const, digest: IDX }],
            ['nvidia/pytorch:25.01-py3', { state: 'invalid' as const, digest: IDX }],
        ]);
        const options = {
            ngcRegistry: 'nvcr.io',
            signatures: (repo: { org: string; team?: string; name: string }, tag: string) =>
                verdicts.get(`${repo.org}/${repo.name}:${tag}`),
        };
        const titles = codeLensesOf(analyses(), options)
            .filter((l) => /sign/.test(l.title))
            .map((l) => `${l.line}: ${l.title}`);
        assert.deepEqual(titles, ['4: signature invalid ✗', '5: signed ✓', '6: signed ✓', '7: signed ✓']);
        const errors = diagnosticsOf(analyses(), options).filter((d) => d.code === 'ngc.signatureInvalid');
        assert.equal(errors.length, 1);
        assert.equal(errors[0]?.severity, 'error');
        assert.equal(DOCKERFILE.slice(0, errors[0]?.start).split('\n').length - 1, 4, 'on the 25.01 line');
        assert.match(errors[0]?.message ?? '', /does not verify/);
        assert.deepEqual(
            errors[0]?.fixes.map((f) => f.kind),
            ['openDetails'],
        );
        const otherRegistry = diagnosticsOf(analyses(), { ...options, ngcRegistry: 'mirror.example.com' });
        assert.equal(otherRegistry.filter((d) => d.code === 'ngc.signatureInvalid').length, 0, 'verdicts are NGC’s');
        const movedOn = new Map([['nvidia/pytorch:25.01-py3', { state: 'invalid' as const, digest: OLD }]]);
        const stale = diagnosticsOf(analyses(), {
            ngcRegistry: 'nvcr.io',
            signatures: (repo, tag) => movedOn.get(`${repo.org}/${repo.name}:${tag}`),
        });
        assert.equal(
            stale.filter((d) => d.code === 'ngc.signatureInvalid').length,
            0,
            'a verdict on a digest the line no longer builds from says nothing',
        );
    });
});

describe('hoverMarkdown', () => {
    const inspection: ImageInspection = {
        reference: `nvcr.io/nvidia/pytorch:25.03-py3@${IDX}`,
        registry: 'nvcr.io',
        repository: 'nvidia/pytorch',
        tag: '25.03-py3',
        digest: IDX,
        mediaType: TAG.mediaType,
        signed: true,
        platforms: [
            {
                platform: { os: 'linux', architecture: 'amd64' },
                digest: AMD,
                configDigest: OLD,
                created: '2025-03-20T10:00:00Z',
                labels: {},
                env: {},
                frameworks: { PYTORCH_VERSION: '2.7.0a0+7c8ec84dab', CUDA_VERSION: '12.8.1.012' },
                layers: 40,
                compressedSize: 9_800_000_000,
            },
            {
                platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
                digest: ARM,
                configDigest: OLD,
                labels: {},
                env: {},
                frameworks: { PYTORCH_VERSION: '2.7.0a0+7c8ec84dab', CUDA_VERSION: '12.8.1.012' },
                layers: 40,
                compressedSize: 9_100_000_000,
            },
        ],
    };

    it('Should show the platform table, the line platform’s versions, pin state, newer tags and links', () => {
        const all = analyses();
        const stale = all[1] as LineAnalysis;
        const md = hoverMarkdown(
            stale,
            { ok: true, value: inspection },
            {
                description: 'PyTorch <b>GPU</b> framework',
                catalogUrl: 'https://catalog.ngc.nvidia.com/orgs/nvidia/containers/pytorch',
                detailsLink: 'command:ngc.details.open',
            },
        );
        assert.match(md, /\*\*nvcr\\\.io\/nvidia\/pytorch:25\\\.03\\-py3\*\*/);
        assert.match(md, /PyTorch \\<b\\>GPU\\<\/b\\> framework/, 'server text is escaped');
        assert.match(md, /signed \(unverified\)/);
        assert.match(md, /pinned digest \*\*stale\*\*/);
        assert.match(md, /\| linux\/arm64\/v8 ◀ \| 8\.5 GiB \| unknown \|/);
        assert.match(md, /linux\/arm64\/v8: PyTorch 2\\\.7\\\.0a0\\\+7c8ec84dab · CUDA 12\\\.8\\\.1\\\.012/);
        assert.match(md, /\[NGC catalog page\]\(https:\/\/catalog/);
        const older = hoverMarkdown(all[0] as LineAnalysis, undefined);
        assert.match(older, /from `\$\{BASE\}:\$\{TAG\}`/);
        assert.match(older, /Newer in this series: `25\.03-py3` \(2025-03-20\)/);
        assert.match(older, /not pinned/);
    });

    it('Should say an ARG image without a value is unknown', () => {
        const unknown = analyses()[4] as LineAnalysis;
        assert.match(hoverMarkdown(unknown, undefined), /build argument with no default; its image is unknown/);
    });
});
