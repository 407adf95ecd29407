import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseInsertTarget, isDockerfile, type DocumentInfo } from '../../../../src/extension/editor/dockerfiles';

const doc = (path: string, languageId?: string): DocumentInfo => ({ uri: `file://${path}`, path, languageId });

describe('Dockerfile detection and the Insert Pinned FROM target (unit)', () => {
    it('Should recognise Dockerfiles by language mode or by name', () => {
        for (const path of [
            '/w/Dockerfile',
            '/w/Dockerfile.cuda',
            '/w/app.Dockerfile',
            '/w/build.dockerfile',
            '/w/Containerfile',
            '/w/dockerfile',
        ]) {
            assert.ok(isDockerfile(doc(path, 'plaintext')), path);
        }
        assert.ok(isDockerfile(doc('/untitled-1', 'dockerfile')));
        for (const path of ['/w/README.md', '/w/MyDockerfileNotes.txt', '/w/Dockerfile/readme.md', '/w/compose.yaml']) {
            assert.equal(isDockerfile(doc(path, 'markdown')), false, path);
        }
    });

    it('Should use the active editor when it is a Dockerfile', () => {
        assert.deepEqual(
            chooseInsertTarget({ active: doc('/w/Dockerfile'), last: 'file:///w/other.Dockerfile', open: [] }),
            { kind: 'active' },
        );
    });

    it('Should use the last Dockerfile editor when the details panel has focus (no active editor)', () => {
        const open = [doc('/w/README.md', 'markdown'), doc('/w/Dockerfile'), doc('/w/b/Dockerfile')];
        assert.deepEqual(chooseInsertTarget({ active: undefined, last: 'file:///w/b/Dockerfile', open }), {
            kind: 'last',
            uri: 'file:///w/b/Dockerfile',
        });
    });

    it('Should never write into a non-Dockerfile active editor', () => {
        const open = [doc('/w/README.md', 'markdown'), doc('/w/Dockerfile')];
        assert.deepEqual(
            chooseInsertTarget({ active: doc('/w/README.md', 'markdown'), last: 'file:///w/Dockerfile', open }),
            {
                kind: 'last',
                uri: 'file:///w/Dockerfile',
            },
        );
    });

    it('Should ask among the open Dockerfiles when the last one was closed', () => {
        const open = [
            doc('/w/README.md', 'markdown'),
            doc('/w/a/Dockerfile'),
            doc('/w/a/Dockerfile'),
            doc('/w/Containerfile'),
        ];
        const target = chooseInsertTarget({ active: undefined, last: 'file:///w/closed/Dockerfile', open });
        assert.equal(target.kind, 'ask');
        assert.deepEqual(target.kind === 'ask' && target.candidates.map((c) => c.path), [
            '/w/a/Dockerfile',
            '/w/Containerfile',
        ]);
    });

    it('Should open a new untitled Dockerfile when no Dockerfile is open', () => {
        assert.deepEqual(
            chooseInsertTarget({ active: doc('/w/README.md', 'markdown'), open: [doc('/w/README.md', 'markdown')] }),
            { kind: 'untitled' },
        );
    });
});
