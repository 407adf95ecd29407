import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, createPathFilter } from '../../../../src/core/transfer/glob';

describe('glob (unit)', () => {
    it('Should match a slash-free pattern against the base name at any depth', () => {
        const m = compileGlob('*.onnx');
        assert.equal(m('model.onnx'), true);
        assert.equal(m('a/b/model.onnx'), true);
        assert.equal(m('model.onnx.bak'), false);
    });

    it('Should anchor a pattern that contains a slash to the whole path', () => {
        const m = compileGlob('configs/*.txt');
        assert.equal(m('configs/a.txt'), true);
        assert.equal(m('configs/sub/a.txt'), false);
        assert.equal(m('x/configs/a.txt'), false);
    });

    it('Should let ** cross any number of folders, including none', () => {
        const m = compileGlob('samples/**/*.jpg');
        assert.equal(m('samples/a.jpg'), true);
        assert.equal(m('samples/images/a.jpg'), true);
        assert.equal(m('samples/images/deep/a.jpg'), true);
        assert.equal(m('other/a.jpg'), false);
        assert.equal(compileGlob('weights/**')('weights/x/y.bin'), true);
        assert.equal(compileGlob('**/README.md')('README.md'), true);
    });

    it('Should match exactly one non-slash character with ?', () => {
        const m = compileGlob('part-0?.bin');
        assert.equal(m('part-01.bin'), true);
        assert.equal(m('part-1.bin'), false);
        assert.equal(compileGlob('a?b')('a/b'), false);
    });

    it('Should expand {a,b} alternatives, nested and with globs inside', () => {
        const m = compileGlob('*.{json,y{a,}ml}');
        assert.equal(m('x.json'), true);
        assert.equal(m('x.yaml'), true);
        assert.equal(m('x.yml'), true);
        assert.equal(m('x.txt'), false);
    });

    it('Should treat regex characters and escaped glob characters literally', () => {
        assert.equal(compileGlob('a+b(1).txt')('a+b(1).txt'), true);
        assert.equal(compileGlob('a+b(1).txt')('aab(1)xtxt'), false);
        assert.equal(compileGlob('star\\*.txt')('star*.txt'), true);
        assert.equal(compileGlob('star\\*.txt')('starx.txt'), false);
    });

    it('Should reject an unclosed brace with a readable message', () => {
        assert.throws(() => compileGlob('*.{a,b'), /unclosed "\{"/);
        assert.throws(() => compileGlob(''), /empty glob/);
    });

    it('Should keep files matching an include and drop any exclude, exclude winning', () => {
        const filter = createPathFilter(['*.bin', 'README.md'], ['calibration/**']);
        assert.equal(filter('weights/a.bin'), true);
        assert.equal(filter('README.md'), true);
        assert.equal(filter('calibration/batch_00.bin'), false);
        assert.equal(filter('labels.txt'), false);
        assert.equal(createPathFilter([], ['*.txt'])('a/b.bin'), true);
    });
});
