import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { notReadyMessage, versionPickItem } from '../../../../src/extension/commands/versionRows';
import type { CatalogRef } from '../../../../src/core/ngc/artifactRef';

const peoplenet: CatalogRef = { kind: 'model', org: 'nvidia', team: 'tao', name: 'peoplenet' };
/** Words that belong to the CLI and must never reach an editor surface. */
const CLI_WORDS = /--dest|--type|ngc-explorer |NGC_API_KEY|export [A-Z_]+=/;

describe('(unit) version rows of the pickers', () => {
    it('Should mark a version whose upload is pending as the tree does, first in its description', () => {
        const item = versionPickItem({ version: '3.0', status: 'UPLOAD_PENDING', size: 2048, fileCount: 1 });
        assert.equal(item.label, '$(clock) 3.0');
        assert.equal(item.description, 'upload pending · not downloadable · 2.0 KiB · 1 file');
    });

    it('Should mark a failed upload with a warning icon, and a complete or old version not at all', () => {
        assert.equal(versionPickItem({ version: '2.0', status: 'UPLOAD_FAILED' }).label, '$(warning) 2.0');
        assert.match(
            versionPickItem({ version: '2.0', status: 'UPLOAD_FAILED' }).description ?? '',
            /^upload failed · not downloadable/,
        );
        const ready = versionPickItem({ version: '2.6.1', status: 'UPLOAD_COMPLETE', fileCount: 3 });
        assert.equal(ready.label, '2.6.1');
        assert.equal(ready.description, '3 files');
        assert.equal(versionPickItem({ version: '1.0' }).label, '1.0', 'no status: an old, complete version');
    });

    it('Should refuse a version that is not complete in editor words, and accept one that is', () => {
        const pending = notReadyMessage(peoplenet, { version: '3.0', status: 'UPLOAD_PENDING' });
        assert.equal(
            pending,
            'nvidia/tao/peoplenet:3.0 cannot be downloaded yet: its upload is not complete (upload pending). Choose another version, or try again once the upload has finished.',
        );
        const failed = notReadyMessage(peoplenet, { version: '2.0', status: 'UPLOAD_FAILED' });
        assert.match(failed ?? '', /its upload failed/);
        assert.doesNotMatch(failed ?? '', /once the upload has finished/, 'a failed upload will not finish');
        for (const text of [pending, failed]) {
            assert.doesNotMatch(text ?? '', CLI_WORDS);
        }
        assert.equal(notReadyMessage(peoplenet, { version: '2.6.1', status: 'UPLOAD_COMPLETE' }), undefined);
        assert.equal(notReadyMessage(peoplenet, { version: '1.0', status: '' }), undefined);
    });
});
