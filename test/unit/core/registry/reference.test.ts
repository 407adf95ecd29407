import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
    formatReference,
    InvalidReferenceError,
    isDigest,
    parseReference,
    type ImageReference,
} from '../../../../src/core/registry/reference';

const ngc = { semantics: 'ngc', defaultRegistry: 'nvcr.io' } as const;
const docker = { semantics: 'docker' } as const;
const HEX = 'a'.repeat(32) + '0123456789abcdef'.repeat(2);

function invalid(input: string, options: Parameters<typeof parseReference>[1] = ngc): InvalidReferenceError {
    try {
        parseReference(input, options);
    } catch (error) {
        assert.ok(InvalidReferenceError.is(error), `expected InvalidReferenceError, got ${String(error)}`);
        return error;
    }
    assert.fail(`expected "${input}" to be rejected`);
}

describe('parseReference (unit)', () => {
    it('Should read ORG/REPO:TAG on the command line as an image on the NGC registry', () => {
        assert.deepEqual(parseReference('nvidia/pytorch:25.03-py3', ngc), {
            registry: 'nvcr.io',
            repository: 'nvidia/pytorch',
            tag: '25.03-py3',
        });
        assert.deepEqual(parseReference('nvidia/tao/tao-toolkit:5.0', ngc), {
            registry: 'nvcr.io',
            repository: 'nvidia/tao/tao-toolkit',
            tag: '5.0',
        });
    });

    it('Should read the same text in a Dockerfile as a Docker Hub image', () => {
        assert.deepEqual(parseReference('nvidia/pytorch:25.03-py3', docker), {
            registry: 'docker.io',
            repository: 'nvidia/pytorch',
            tag: '25.03-py3',
        });
        assert.deepEqual(parseReference('ubuntu', docker), { registry: 'docker.io', repository: 'library/ubuntu' });
        assert.deepEqual(parseReference('index.docker.io/ubuntu:22.04', docker), {
            registry: 'docker.io',
            repository: 'library/ubuntu',
            tag: '22.04',
        });
    });

    it('Should keep a registry port, a tag and a digest together', () => {
        const digest = `sha256:${HEX}`;
        assert.deepEqual(parseReference(`127.0.0.1:5000/acme/vision/detector:1.0@${digest}`, ngc), {
            registry: '127.0.0.1:5000',
            repository: 'acme/vision/detector',
            tag: '1.0',
            digest,
        });
        assert.deepEqual(parseReference(`localhost:5000/x@${digest}`, docker), {
            registry: 'localhost:5000',
            repository: 'x',
            digest,
        });
        assert.deepEqual(parseReference('NVCR.IO/nvidia/cuda', docker), {
            registry: 'nvcr.io',
            repository: 'nvidia/cuda',
        });
        assert.deepEqual(parseReference('[::1]:5000/a/b:c', docker), {
            registry: '[::1]:5000',
            repository: 'a/b',
            tag: 'c',
        });
    });

    it('Should point at the uppercase letter of a repository path', () => {
        const error = invalid('nvidia/PyTorch:1');
        assert.equal(error.offset, 7);
        assert.equal(error.length, 7);
        assert.match(error.message, /lowercase; "PyTorch" has "P"/);
        assert.match(error.message, /\n {2}"nvidia\/PyTorch:1"\n {10}\^{7}$/);
    });

    it('Should point at a bad tag, a short digest, an empty component and a bad port', () => {
        assert.equal(invalid('nvidia/pytorch:-bad').offset, 15);
        assert.equal(invalid('nvidia/pytorch:').reason, 'the tag after ":" is empty');
        const short = invalid('nvidia/pytorch@sha256:abc123');
        assert.match(short.reason, /not ALGORITHM:HEX|hex digits/);
        assert.equal(short.offset, 15);
        const wrongLength = invalid(`nvidia/pytorch@sha256:${HEX}00`);
        assert.match(wrongLength.reason, /64 hex digits, this one has 66/);
        assert.equal(invalid('nvidia//pytorch').offset, 7);
        assert.match(invalid('nvcr.io:50a0/nvidia/x').reason, /port "50a0"/);
        assert.match(invalid('nvidia/py torch').reason, /whitespace/);
        assert.match(invalid('').reason, /empty/);
    });

    it('Should require ORG/[TEAM/]REPO for an NGC image given without a host', () => {
        assert.match(invalid('pytorch:1').reason, /ORG\/\[TEAM\/\]REPO, got 1 path component$/);
        assert.match(invalid('a/b/c/d').reason, /got 4 path components/);
        assert.deepEqual(parseReference('registry.example.com/a/b/c/d', ngc).repository, 'a/b/c/d');
    });

    it('Should tell a digest from other text', () => {
        assert.equal(isDigest(`sha256:${HEX}`), true);
        assert.equal(isDigest(`sha256:${HEX.toUpperCase()}`), false);
        assert.equal(isDigest('sha256:abc'), false);
    });
});

const alnum = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const separator = fc.constantFrom('.', '_', '__', '-', '--');
const component = fc
    .tuple(alnum, fc.array(fc.tuple(separator, alnum), { maxLength: 2 }))
    .map(([head, tail]) => head + tail.map(([s, a]) => s + a).join(''));
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?$/);
const port = fc.integer({ min: 1, max: 65535 }).map(String);
const host = fc.oneof(
    fc
        .tuple(fc.array(label, { minLength: 2, maxLength: 3 }), fc.option(port, { nil: undefined }))
        .map(([l, p]) => l.join('.') + (p ? `:${p}` : '')),
    fc.tuple(label, port).map(([l, p]) => `${l}:${p}`),
    port.map((p) => `localhost:${p}`),
);
const tag = fc.stringMatching(/^[\w][\w.-]{0,20}$/);
const digest = fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`);
const reference: fc.Arbitrary<ImageReference> = fc
    .record({
        registry: fc.oneof(host, fc.constant('docker.io')),
        path: fc.array(component, { minLength: 1, maxLength: 4 }),
        tag: fc.option(tag, { nil: undefined }),
        digest: fc.option(digest, { nil: undefined }),
    })
    .map(({ registry, path, tag: t, digest: d }) => {
        const repository = registry === 'docker.io' && path.length === 1 ? `library/${path[0]}` : path.join('/');
        return {
            registry,
            repository,
            ...(t === undefined ? {} : { tag: t }),
            ...(d === undefined ? {} : { digest: d }),
        };
    });

describe('parseReference and formatReference (property)', () => {
    it('Should read back exactly what formatReference writes, under both semantics', () => {
        fc.assert(
            fc.property(reference, (ref) => {
                const text = formatReference(ref);
                assert.deepEqual(parseReference(text, docker), ref);
                assert.deepEqual(parseReference(text, ngc), ref);
            }),
            { numRuns: 500 },
        );
    });

    it('Should either reject any text with an offset inside it, or normalise it to a fixed point', () => {
        const text = fc.oneof(
            fc.string({ maxLength: 40 }),
            fc.stringMatching(/^[a-zA-Z0-9.:/@_-]{0,40}$/),
            reference.map(formatReference).chain((s) => fc.nat(s.length).map((i) => s.slice(0, i) + s.slice(i + 1))),
        );
        fc.assert(
            fc.property(text, (input) => {
                let ref: ImageReference;
                try {
                    ref = parseReference(input, docker);
                } catch (error) {
                    assert.ok(InvalidReferenceError.is(error), String(error));
                    assert.ok(
                        error.offset >= 0 && error.offset + error.length <= input.length,
                        `${error.offset}+${error.length} in ${input.length}`,
                    );
                    return;
                }
                assert.deepEqual(parseReference(formatReference(ref), docker), ref);
            }),
            { numRuns: 1000 },
        );
    });
});
