import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { badgeOf, ModelVerifications } from '../../../../src/extension/modelSigning/modelVerifications';

const ref = { org: 'nvidia', name: 'signed-detector' };
const dest = join('/work', 'ws', 'downloads');

describe('ModelVerifications: model signature verdicts of this session (unit)', () => {
    it('Should find a verdict by version and by folder, whatever the path spelling', () => {
        const v = new ModelVerifications();
        v.record(ref, '1.1', {
            state: 'verified',
            summary: 'signature verified (3 files)',
            folder: `${dest}/x/../signed-detector_v1.1`,
        });
        assert.equal(v.of(ref, '1.1')?.state, 'verified');
        assert.equal(v.of(ref, '1.0'), undefined);
        assert.equal(v.of({ org: 'nvidia', team: 't', name: 'signed-detector' }, '1.1'), undefined);
        assert.equal(v.ofFolder(join(dest, 'signed-detector_v1.1'))?.summary, 'signature verified (3 files)');
        assert.equal(v.ofFolder(`${join(dest, 'signed-detector_v1.1')}/`)?.state, 'verified');
        assert.equal(v.ofFolder(dest), undefined, 'the parent folder carries no verdict');
    });

    it('Should let a later check replace an earlier one and tell listeners which folders changed', () => {
        const v = new ModelVerifications();
        const changes: unknown[] = [];
        const sub = v.onDidChange((c) => changes.push(c));
        const first = join(dest, 'signed-detector_v1.0');
        const second = join('/elsewhere', 'signed-detector_v1.0');
        v.record(ref, '1.0', { state: 'failed', summary: 'fileDigest (model.safetensors)', folder: first });
        v.record(ref, '1.0', { state: 'verified', summary: 'signature verified', folder: second });
        assert.equal(v.of(ref, '1.0')?.state, 'verified');
        assert.equal(v.ofFolder(first), undefined, 'the old folder is no longer badged');
        assert.equal(v.ofFolder(second)?.state, 'verified');
        assert.deepEqual(changes, [{ folder: first }, { folder: second, previousFolder: first }]);
        sub.dispose();
        v.record(ref, '1.0', { state: 'failed', summary: 'x', folder: second });
        assert.equal(changes.length, 2, 'no call after dispose');
    });

    it('Should badge a folder checked on its own (Verify Model Signature…) without touching any version', () => {
        const v = new ModelVerifications();
        const changes: unknown[] = [];
        v.onDidChange((c) => changes.push(c));
        const folder = join('/work', 'ws', 'from-a-colleague');
        v.recordFolder({ state: 'failed', summary: 'fileDigest (weights.bin)', folder: `${folder}/` });
        assert.equal(v.ofFolder(folder)?.state, 'failed');
        assert.equal(v.of(ref, '1.1'), undefined);
        assert.deepEqual(changes, [{ folder }]);
        v.recordFolder({ state: 'verified', summary: 'signature verified (2 files)', folder });
        assert.equal(v.ofFolder(folder)?.summary, 'signature verified (2 files)', 'a later check replaces it');
    });

    it('Should badge ✓ verified and ✗ failed with the reason as the tooltip', () => {
        assert.deepEqual(badgeOf({ state: 'verified', summary: 'signature verified (3 files, signed by Sim Leaf)' }), {
            text: '✓',
            tooltip: 'NGC model signature verified (3 files, signed by Sim Leaf)',
            color: 'testing.iconPassed',
        });
        const failed = badgeOf({ state: 'failed', summary: 'fileDigest (model.safetensors)' });
        assert.equal(failed.text, '✗');
        assert.match(failed.tooltip, /FAILED: fileDigest \(model\.safetensors\)/);
        assert.ok([...failed.text].length <= 2 && [...badgeOf({ state: 'verified', summary: '' }).text].length <= 2);
    });
});
