import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../../src/core/dockerfile/fromLine';

/** The FROM lines as compact tuples: [line, kind, image text, platform, stage]. */
function froms(text: string) {
    return parseDockerfile(text).froms.map((f) => [f.line, f.kind, f.image?.text, f.platform?.text, f.stageName]);
}

describe('parseDockerfile (unit)', () => {
    it('Should find FROM in any case, with flags, AS names and the offsets of the image token', () => {
        const text =
            'from nvcr.io/nvidia/pytorch:25.03-py3 As Build\nRUN make\nFrOm --platform=linux/arm64 ubuntu:22.04\n';
        const parsed = parseDockerfile(text);
        assert.deepEqual(froms(text), [
            [0, 'image', 'nvcr.io/nvidia/pytorch:25.03-py3', undefined, 'build'],
            [2, 'image', 'ubuntu:22.04', 'linux/arm64', undefined],
        ]);
        for (const f of parsed.froms) {
            assert.equal(text.slice(f.image?.start, f.image?.end), f.image?.text);
            assert.equal(f.image?.contiguous, true);
        }
        const platform = parsed.froms[1]?.platform;
        assert.equal(text.slice(platform?.start, platform?.end), 'linux/arm64');
    });

    it('Should treat a later FROM of an earlier stage name as a stage, and scratch and ${ARG} as non-images', () => {
        const text = [
            'ARG BASE=nvcr.io/nvidia/cuda:12.4',
            'FROM ${BASE} AS base',
            'FROM nvcr.io/nvidia/pytorch:25.03-py3 AS Builder',
            'FROM builder',
            'FROM scratch',
            'FROM $BASE',
            'FROM --platform=$BUILDPLATFORM nvcr.io/nvidia/cuda:12.4',
            'FROM later',
            'FROM x AS later',
        ].join('\n');
        assert.deepEqual(froms(text), [
            [1, 'variable', '${BASE}', undefined, 'base'],
            [2, 'image', 'nvcr.io/nvidia/pytorch:25.03-py3', undefined, 'builder'],
            [3, 'stage', 'builder', undefined, undefined],
            [4, 'scratch', 'scratch', undefined, undefined],
            [5, 'variable', '$BASE', undefined, undefined],
            [6, 'image', 'nvcr.io/nvidia/cuda:12.4', '$BUILDPLATFORM', undefined],
            [7, 'image', 'later', undefined, undefined],
            [8, 'image', 'x', undefined, 'later'],
        ]);
    });

    it('Should skip comments, and FROM words inside other instructions and here-documents', () => {
        const text = [
            '# FROM nvcr.io/nvidia/not-this:1',
            '   # FROM indented/comment:1',
            'RUN echo FROM nope:1',
            'RUN <<EOF',
            'FROM inside/heredoc:1',
            'EOF',
            'COPY <<-"END" /x',
            '\tFROM inside/heredoc:2',
            '\tEND',
            'RUN cat <<< "FROM herestring" && true',
            'FROM real/one:1',
        ].join('\n');
        assert.deepEqual(froms(text), [[10, 'image', 'real/one:1', undefined, undefined]]);
    });

    it('Should follow backslash continuations, dropping comment and blank lines inside them', () => {
        const text =
            'FROM \\\n  # a comment\n\n  --platform=linux/amd64 \\\n  nvcr.io/nvidia/cuda:12.4 \\\n  AS base\n';
        const [f] = parseDockerfile(text).froms;
        assert.equal(f?.kind, 'image');
        assert.equal(f?.line, 4);
        assert.equal(f?.image?.text, 'nvcr.io/nvidia/cuda:12.4');
        assert.equal(text.slice(f?.image?.start, f?.image?.end), 'nvcr.io/nvidia/cuda:12.4');
        assert.equal(f?.platform?.text, 'linux/amd64');
        assert.equal(f?.stageName, 'base');
    });

    it('Should flag an image token split by a continuation as not contiguous', () => {
        const text = 'FROM nvcr.io/nvidia/py\\\ntorch:1 \\\n AS x\n';
        const [f] = parseDockerfile(text).froms;
        // BuildKit joins continuation lines without a separator: one token, but not one span of the file.
        assert.equal(f?.image?.text, 'nvcr.io/nvidia/pytorch:1');
        assert.equal(f?.kind, 'image');
        assert.equal(f?.image?.contiguous, false);
        assert.equal(f?.stageName, 'x');
    });

    it('Should use the backtick as the continuation character after an escape directive', () => {
        const text =
            '# escape=`\n# syntax=docker/dockerfile:1\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 `\n  AS win\nRUN dir c:\\ \nFROM nvcr.io/nvidia/cuda:12.4\n';
        const parsed = parseDockerfile(text);
        assert.equal(parsed.escape, '`');
        assert.deepEqual(froms(text), [
            [2, 'image', 'mcr.microsoft.com/windows/servercore:ltsc2022', undefined, 'win'],
            [5, 'image', 'nvcr.io/nvidia/cuda:12.4', undefined, undefined],
        ]);
    });

    it('Should ignore an escape directive that is not at the top', () => {
        const parsed = parseDockerfile('FROM a:1\n# escape=`\nFROM b:1 `\n');
        assert.equal(parsed.escape, '\\');
        assert.equal(parsed.froms[1]?.image?.text, 'b:1');
        assert.equal(parsed.froms[1]?.kind, 'invalid');
    });

    it('Should keep offsets right with CRLF line ends and a BOM', () => {
        const text =
            '\uFEFF# syntax=docker/dockerfile:1\r\nFROM nvcr.io/nvidia/cuda:12.4 \\\r\n  AS base\r\nFROM base\r\n';
        const parsed = parseDockerfile(text);
        assert.equal(parsed.bom, true);
        const [f, g] = parsed.froms;
        assert.equal(text.slice(f?.image?.start, f?.image?.end), 'nvcr.io/nvidia/cuda:12.4');
        assert.equal(f?.stageName, 'base');
        assert.equal(f?.line, 1);
        assert.equal(g?.kind, 'stage');
        assert.ok(!f?.image?.text.includes('\r'));
    });

    it('Should call a FROM with no image or extra words invalid', () => {
        assert.deepEqual(
            froms('FROM\nFROM a b\nFROM a AS\nFROM --platform=linux/amd64\n').map((f) => f[1]),
            ['invalid', 'invalid', 'invalid', 'invalid'],
        );
    });
});
