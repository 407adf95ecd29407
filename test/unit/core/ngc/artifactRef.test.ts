import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
    ARTIFACT_KINDS,
    ArtifactRefError,
    artifactPath,
    downloadUrlsPath,
    formatArtifactRef,
    parseArtifactRef,
} from '../../../../src/core/ngc/artifactRef';
import { parseRepoRef, repoPath } from '../../../../src/core/ngc/repos';
import { ARTIFACT_KIND } from '../../../../src/protocol/details';
import { isSignatureTag as isCosignTag } from '../../../../src/core/registry/tags';

describe('artifact references (unit)', () => {
    it('Should list the same kinds, in the same order, as the protocol enum the webview validates with', () => {
        // The type already fails to compile on a different set; the order is what the tree and search show.
        assert.deepEqual([...ARTIFACT_KINDS], [...ARTIFACT_KIND.options]);
    });

    it('Should parse org/name, org/team/name and a version', () => {
        assert.deepEqual(parseArtifactRef('nvidia/gpu-operator'), { org: 'nvidia', name: 'gpu-operator' });
        assert.deepEqual(parseArtifactRef('nvidia/tao/peoplenet:2.6.1'), {
            org: 'nvidia',
            team: 'tao',
            name: 'peoplenet',
            version: '2.6.1',
        });
        assert.deepEqual(parseArtifactRef(' acme/x:1.0+build.5 '), { org: 'acme', name: 'x', version: '1.0+build.5' });
    });

    it('Should reject bad references with a message naming the problem', () => {
        const cases: [string, RegExp][] = [
            ['', /empty/],
            ['peoplenet', /at least an org and a name/],
            ['a/b/c/d', /more than three parts/],
            ['nvidia//x', /a part is empty/],
            ['nvidia/tao/peoplenet:', /version after ":" is empty/],
            ['nvidia/pe ople', /characters/],
            ['nvidia/x:1/2', /not a valid version/],
        ];
        for (const [text, message] of cases) {
            assert.throws(
                () => parseArtifactRef(text),
                (e: unknown) =>
                    ArtifactRefError.is(e) && message.test(e.message) && /ORG\/\[TEAM\/\]NAME/.test(e.message),
                text,
            );
        }
    });

    it('Should format a reference back', () => {
        assert.equal(formatArtifactRef({ org: 'a', team: 't', name: 'n' }, '1'), 'a/t/n:1');
        assert.equal(formatArtifactRef({ org: 'a', name: 'n' }), 'a/n');
    });

    it('Should build authenticated and guest paths for each kind', () => {
        const ref = { org: 'nvidia', team: 'tao', name: 'peoplenet' };
        assert.equal(artifactPath('model', ref, false), '/v2/org/nvidia/team/tao/models/peoplenet');
        assert.equal(artifactPath('model', ref, true), '/v2/models/nvidia/tao/peoplenet');
        assert.equal(artifactPath('resource', { org: 'a', name: 'r' }, false), '/v2/org/a/resources/r');
        assert.equal(artifactPath('helm-chart', { org: 'a', name: 'c' }, true), '/v2/helm-charts/a/c');
        assert.equal(
            downloadUrlsPath('model', ref, '2.6.1', false),
            '/v2/org/nvidia/team/tao/models/peoplenet/2.6.1/files',
        );
        assert.equal(
            downloadUrlsPath('resource', ref, '1.0', true),
            '/v2/resources/org/nvidia/team/tao/peoplenet/1.0/files',
        );
    });

    it('Should parse repositories and refuse a tag', () => {
        assert.deepEqual(parseRepoRef('acme/vision/detector'), { org: 'acme', team: 'vision', name: 'detector' });
        assert.throws(() => parseRepoRef('nvidia/pytorch:25.03-py3'), /names a tag/);
        assert.equal(repoPath({ org: 'nvidia', name: 'pytorch' }, false), '/v2/org/nvidia/repos/pytorch');
        assert.equal(
            repoPath({ org: 'acme', team: 'vision', name: 'detector' }, true),
            '/v2/repos/acme/vision/detector',
        );
    });

    it('Should recognise cosign signature, attestation and SBOM tags only', () => {
        const hex = 'a'.repeat(64);
        assert.equal(isCosignTag(`sha256-${hex}.sig`), true);
        assert.equal(isCosignTag(`sha256-${hex}.att`), true);
        assert.equal(isCosignTag('25.03-py3'), false);
        assert.equal(isCosignTag(`sha256-${hex}`), false);
        assert.equal(isCosignTag('release.sig'), false);
    });
});
