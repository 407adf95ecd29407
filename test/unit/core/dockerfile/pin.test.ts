import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseDockerfile } from '../../../../src/core/dockerfile/fromLine';
import {
    applyEdits,
    computePinEdits,
    planPins,
    type PinPolicy,
    type TextEdit,
} from '../../../../src/core/dockerfile/pin';
import { parsePlatform } from '../../../../src/core/registry/platform';
import { parseReference } from '../../../../src/core/registry/reference';

const policy: PinPolicy = { ngcRegistry: 'nvcr.io' };
const digestOf = (key: string, salt = '') =>
    `sha256:${createHash('sha256')
        .update(salt + key)
        .digest('hex')}`;

/** Plans and pins `text` with digests derived from each request key; returns the changes and the new text. */
function pin(text: string, p: PinPolicy = policy, salt = '') {
    const { targets, skipped } = planPins(parseDockerfile(text), p);
    const digests = new Map(targets.map((t) => [t.request.key, digestOf(t.request.key, salt)]));
    const changes = computePinEdits(targets, digests);
    return {
        targets,
        skipped,
        changes,
        digests,
        text: applyEdits(
            text,
            changes.map((c) => c.edit),
        ),
    };
}

describe('planPins and computePinEdits (unit)', () => {
    it('Should pin an NGC tag to TAG@DIGEST and leave Docker Hub, stages, scratch and ARG images alone', () => {
        const text =
            'FROM ubuntu:22.04\nFROM nvcr.io/nvidia/pytorch:25.03-py3 AS build\nFROM build\nFROM scratch\nFROM ${BASE}\nFROM nvidia/pytorch:25.03-py3\n';
        const result = pin(text);
        const d = digestOf('nvcr.io/nvidia/pytorch:25.03-py3');
        assert.equal(
            result.text,
            `FROM ubuntu:22.04\nFROM nvcr.io/nvidia/pytorch:25.03-py3@${d} AS build\nFROM build\nFROM scratch\nFROM \${BASE}\nFROM nvidia/pytorch:25.03-py3\n`,
        );
        assert.deepEqual(
            result.changes.map((c) => [c.line, c.before]),
            [[1, 'nvcr.io/nvidia/pytorch:25.03-py3']],
        );
        assert.deepEqual(
            result.skipped.map((s) => s.image),
            ['${BASE}'],
        );
    });

    it('Should replace only the digest of a stale pin, and do nothing to a current one', () => {
        const stale = `sha256:${'0'.repeat(64)}`;
        const fresh = digestOf('nvcr.io/nvidia/cuda:12.4');
        const text = `FROM nvcr.io/nvidia/cuda:12.4@${stale}\nFROM nvcr.io/nvidia/cuda:12.4@${fresh}\n`;
        const result = pin(text);
        assert.equal(result.changes.length, 1);
        const at = text.indexOf('@') + 1;
        assert.deepEqual(result.changes[0]?.edit, { start: at, end: at + stale.length, newText: fresh });
        assert.equal(result.text, `FROM nvcr.io/nvidia/cuda:12.4@${fresh}\nFROM nvcr.io/nvidia/cuda:12.4@${fresh}\n`);
    });

    it('Should ask for the platform digest on a literal --platform line but the index on $BUILDPLATFORM', () => {
        const text =
            'FROM --platform=linux/arm64 nvcr.io/nvidia/cuda:12.4\nFROM --platform=$BUILDPLATFORM nvcr.io/nvidia/cuda:12.4\n';
        const { targets } = pin(text);
        assert.deepEqual(
            targets.map((t) => t.request.key),
            ['nvcr.io/nvidia/cuda:12.4 linux/arm64/v8', 'nvcr.io/nvidia/cuda:12.4'],
        );
        const asked = pin(text, { ...policy, platform: parsePlatform('linux/amd64') });
        assert.deepEqual(
            asked.targets.map((t) => t.request.key),
            ['nvcr.io/nvidia/cuda:12.4 linux/arm64/v8', 'nvcr.io/nvidia/cuda:12.4 linux/amd64'],
        );
    });

    it('Should pin other registries only when named, and a tagless image as latest', () => {
        const text = 'FROM 127.0.0.1:5000/test/hello\nFROM nvcr.io/nvidia/cuda@sha256:' + 'a'.repeat(64) + '\n';
        assert.equal(pin(text).changes.length, 0);
        const named = pin(text, { ...policy, extraRegistries: ['127.0.0.1:5000'] });
        assert.deepEqual(
            named.targets.map((t) => t.request.key),
            ['127.0.0.1:5000/test/hello:latest'],
        );
        assert.equal(
            named.changes[0]?.after,
            `127.0.0.1:5000/test/hello@${digestOf('127.0.0.1:5000/test/hello:latest')}`,
        );
        assert.match(named.skipped[0]?.reason ?? '', /digest only/);
    });

    it('Should keep CRLF, a BOM and everything around the image byte for byte', () => {
        const text =
            '\uFEFF# syntax=docker/dockerfile:1\r\nFROM  nvcr.io/nvidia/cuda:12.4\t AS base \r\nRUN echo hi\r\n';
        const d = digestOf('nvcr.io/nvidia/cuda:12.4');
        assert.equal(
            pin(text).text,
            `\uFEFF# syntax=docker/dockerfile:1\r\nFROM  nvcr.io/nvidia/cuda:12.4@${d}\t AS base \r\nRUN echo hi\r\n`,
        );
    });

    it('Should skip an image split across a line continuation instead of rewriting the continuation', () => {
        const result = pin('FROM nvcr.io/nvidia/cu\\\nda:12.4\n');
        assert.equal(result.changes.length, 0);
        assert.match(result.skipped[0]?.reason ?? '', /split across lines/);
    });
});

describe('applyEdits (unit)', () => {
    it('Should apply edits in any order and refuse overlapping ones', () => {
        const edits: TextEdit[] = [
            { start: 5, end: 5, newText: '!' },
            { start: 0, end: 1, newText: 'J' },
        ];
        assert.equal(applyEdits('hello world', edits), 'Jello! world');
        assert.throws(
            () =>
                applyEdits('hello', [
                    { start: 0, end: 3, newText: '' },
                    { start: 2, end: 4, newText: '' },
                ]),
            RangeError,
        );
    });
});

const images = fc.constantFrom(
    'nvcr.io/nvidia/pytorch:25.03-py3',
    'nvcr.io/acme/vision/detector:1.0',
    'nvcr.io/nvidia/cuda',
    'NVCR.IO/nvidia/tritonserver:25.01-py3',
    'ubuntu:22.04',
    'nvidia/cuda:12.4',
    '127.0.0.1:5000/test/hello:1',
    '${BASE}',
    'stage0',
);
const fromLine = fc.record({
    keyword: fc.constantFrom('FROM', 'from', 'From'),
    image: images,
    digest: fc.constantFrom('none', 'stale', 'current'),
    platform: fc.constantFrom(undefined, 'linux/arm64', 'linux/amd64', '$BUILDPLATFORM'),
    stage: fc.option(fc.constantFrom('stage0', 'Build'), { nil: undefined }),
    split: fc.boolean(),
    comment: fc.boolean(),
});
const dockerfile = fc.record({
    lines: fc.array(fromLine, { minLength: 1, maxLength: 12 }),
    eol: fc.constantFrom('\n', '\r\n'),
    bom: fc.boolean(),
    policy: fc.record({
        extra: fc.boolean(),
        platform: fc.option(fc.constantFrom('linux/amd64', 'linux/arm64/v8'), { nil: undefined }),
    }),
});

type DockerfileSpec = typeof dockerfile extends fc.Arbitrary<infer T> ? T : never;

function render(spec: DockerfileSpec): string {
    const out: string[] = [];
    for (const l of spec.lines) {
        if (l.comment) {
            out.push('# FROM nvcr.io/nvidia/commented:1');
        }
        let image = l.image;
        if (l.digest !== 'none' && !image.startsWith('$') && image !== 'stage0') {
            const tagged = image.includes(':', image.lastIndexOf('/')) ? image : `${image}:latest`;
            const ref = parseReference(tagged.toLowerCase(), { semantics: 'docker' });
            const key = `${ref.registry}/${ref.repository}:${ref.tag}`;
            image += `@${l.digest === 'stale' ? `sha256:${'e'.repeat(64)}` : digestOf(key)}`;
        }
        const flag = l.platform ? `--platform=${l.platform} ` : '';
        const stage = l.stage ? ` AS ${l.stage}` : '';
        out.push(
            l.split ? `${l.keyword} ${flag}\\${spec.eol}    ${image}${stage}` : `${l.keyword} ${flag}${image}${stage}`,
        );
        out.push('RUN true');
    }
    return (spec.bom ? '\uFEFF' : '') + out.join(spec.eol) + spec.eol;
}

describe('pin (property)', () => {
    it('Should be idempotent: pinning a pinned file, or checking it, finds nothing to change', () => {
        fc.assert(
            fc.property(dockerfile, fc.string({ maxLength: 4 }), (spec, salt) => {
                const text = render(spec);
                const p: PinPolicy = {
                    ngcRegistry: 'nvcr.io',
                    extraRegistries: spec.policy.extra ? ['127.0.0.1:5000'] : [],
                    ...(spec.policy.platform ? { platform: parsePlatform(spec.policy.platform) } : {}),
                };
                const first = pin(text, p, salt);
                const second = pin(first.text, p, salt);
                assert.deepEqual(second.changes, [], 'a second pin (or --check) must find nothing');
                assert.equal(second.text, first.text);
                // Every target now carries its digest and keeps its tag.
                for (const t of second.targets) {
                    const pinned = parseReference(t.from.image.text, { semantics: 'docker' });
                    assert.equal(pinned.digest, first.digests.get(t.request.key));
                    assert.equal(pinned.tag, t.parsed.tag);
                }
            }),
            { numRuns: 300 },
        );
    });

    it('Should change nothing outside the edited spans, and edit only pinnable image tokens', () => {
        fc.assert(
            fc.property(dockerfile, (spec) => {
                const text = render(spec);
                const result = pin(text);
                let at = 0;
                let outAt = 0;
                for (const c of [...result.changes].sort((a, b) => a.edit.start - b.edit.start)) {
                    const same = text.slice(at, c.edit.start);
                    assert.equal(result.text.slice(outAt, outAt + same.length), same);
                    const target = result.targets.find(
                        (t) => t.from.image.start <= c.edit.start && c.edit.end <= t.from.image.end,
                    );
                    assert.ok(target, 'an edit must fall inside an image token that was planned');
                    outAt += same.length + c.edit.newText.length;
                    at = c.edit.end;
                }
                assert.equal(result.text.slice(outAt), text.slice(at));
            }),
            { numRuns: 300 },
        );
    });
});
