import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseImageLines } from '../../../../src/core/dockerfile/baseImages';
import { hoverMarkdown } from '../../../../src/core/dockerfile/hoverText';
import { ImageFacts } from '../../../../src/core/dockerfile/imageFacts';
import { ngcRepoOf, signatureOf } from '../../../../src/core/dockerfile/signatures';
import type { RegistryClient } from '../../../../src/core/registry/client';

const IDX = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'e'.repeat(64)}`;

function analysis(text: string, registry = 'nvcr.io') {
    const [line] = baseImageLines(text, { ngcRegistry: registry });
    assert.ok(line);
    const tag = { ok: true as const, value: { digest: IDX, mediaType: 'x', platforms: [] } };
    return { line, tag, expected: IDX, newer: [], listed: { tag: line.ref?.tag ?? '', signed: true } };
}

describe('ngcRepoOf', () => {
    it('Should name org/[team/]repo on the NGC registry only', () => {
        const ref = (text: string, registry = 'nvcr.io') => ngcRepoOf(analysis(text, registry).line.ref, registry);
        assert.deepEqual(ref('FROM nvcr.io/nvidia/pytorch:25.03-py3'), { org: 'nvidia', name: 'pytorch' });
        assert.deepEqual(ref('FROM NVCR.IO/nvidia/tao/tao-toolkit:5.5.0-pyt'), {
            org: 'nvidia',
            team: 'tao',
            name: 'tao-toolkit',
        });
        assert.deepEqual(ref('FROM 127.0.0.1:5000/nvidia/cuda:12.0.0-base', '127.0.0.1:5000'), {
            org: 'nvidia',
            name: 'cuda',
        });
        assert.equal(ngcRepoOf(analysis('FROM nvcr.io/nvidia/pytorch:1').line.ref, 'mirror.example.com'), undefined);
        assert.equal(ref('FROM nvcr.io/a/b/c/d:1'), undefined, 'NGC has no four-part names');
    });
});

describe('signatureOf', () => {
    it('Should prefer a Verify verdict on a digest the line builds from, else the catalog flag', () => {
        const a = analysis('FROM nvcr.io/nvidia/pytorch:25.03-py3');
        const repo = { org: 'nvidia', name: 'pytorch' };
        assert.equal(signatureOf(a, repo, undefined).text, 'signed (unverified)');
        assert.equal(signatureOf(a, repo, undefined, false).text, 'not signed');
        assert.equal(signatureOf({ ...a, listed: { tag: 'x' } }, repo, undefined).text, 'signature unknown');
        const verdict = (state: 'verified' | 'invalid', digest: string) => () => ({ state, digest });
        assert.equal(signatureOf(a, repo, verdict('verified', IDX)).text, 'signature verified ✓');
        assert.equal(signatureOf(a, repo, verdict('invalid', IDX)).text, 'signature invalid ✗');
        assert.equal(signatureOf(a, repo, verdict('invalid', OTHER)).state, 'signed', 'a verdict on another digest');
        assert.equal(signatureOf(a, undefined, verdict('invalid', IDX)).state, 'signed', 'not an NGC repository');
    });

    it('Should put the description, the verdict and a details link in the hover', () => {
        const a = analysis('FROM nvcr.io/nvidia/pytorch:25.03-py3');
        const md = hoverMarkdown(a, undefined, {
            description: 'PyTorch is a GPU accelerated tensor computational framework.',
            detailsLink: 'command:ngc.details.open?x',
            ngcRepo: { org: 'nvidia', name: 'pytorch' },
            signatures: () => ({ state: 'verified', digest: IDX }),
        });
        const [title, description, facts] = md.split('\n\n');
        assert.match(title ?? '', /pytorch:25\\\.03\\-py3/);
        assert.equal(description, 'PyTorch is a GPU accelerated tensor computational framework\\.');
        assert.match(facts ?? '', /signature verified ✓ · not pinned/);
        assert.match(md, /\[Show details\]\(command:ngc\.details\.open\?x\)/);
    });
});

describe('ImageFacts.description', () => {
    it('Should ask the catalog once per repository, share concurrent askers and keep it across a save', async () => {
        const asked: string[] = [];
        const facts = new ImageFacts({
            registry: async (): Promise<RegistryClient> => {
                throw new Error('no registry in this test');
            },
            describe: async (repo) => {
                asked.push(repo.repository);
                await new Promise((r) => setTimeout(r, 5));
                return repo.repository === 'nvidia/pytorch' ? 'PyTorch' : undefined;
            },
        });
        const repo = { registry: 'nvcr.io', repository: 'nvidia/pytorch' };
        const [one, two] = await Promise.all([facts.description(repo), facts.description(repo)]);
        assert.deepEqual(
            [one, two],
            [
                { ok: true, value: 'PyTorch' },
                { ok: true, value: 'PyTorch' },
            ],
        );
        facts.forget();
        await facts.description(repo);
        assert.deepEqual(await facts.description({ registry: 'nvcr.io', repository: 'nvidia/cuda' }), {
            ok: true,
            value: undefined,
        });
        assert.deepEqual(asked, ['nvidia/pytorch', 'nvidia/cuda']);
    });
});
