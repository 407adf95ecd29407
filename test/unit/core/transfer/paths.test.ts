import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { resolveInside, safeRelativePath, UnsafePathError, versionDirName } from '../../../../src/core/transfer/paths';

describe('transfer paths (unit)', () => {
    it('Should normalise harmless paths by dropping ./ and empty segments', () => {
        assert.equal(safeRelativePath('a/./b//c.txt'), 'a/b/c.txt');
        assert.equal(safeRelativePath('./README.md'), 'README.md');
    });

    for (const [bad, why] of [
        ['../etc/passwd', /"\.\." segment/],
        ['a/../../b', /"\.\." segment/],
        ['/etc/passwd', /absolute/],
        ['C:/Windows/x', /drive letter/],
        ['c:x', /drive letter/],
        ['a\\..\\b', /backslash/],
        ['a\u0000b', /control character/],
        ['', /empty/],
        ['./.', /no file name/],
        ['x.bin.ngc-partial', /bookkeeping/],
        ['.ngc-download.json', /bookkeeping/],
        ['.ngc-staging/x.bin', /bookkeeping/],
    ] as const) {
        it(`Should refuse the API path ${JSON.stringify(bad)}`, () => {
            assert.throws(
                () => safeRelativePath(bad),
                (e: unknown) => UnsafePathError.is(e) && why.test(e.message),
            );
        });
    }

    it('Should resolve a safe path under the root and refuse one that escapes', () => {
        const root = path.resolve('/tmp/dest/x_v1');
        assert.equal(resolveInside(root, 'a/b.txt'), path.join(root, 'a', 'b.txt'));
        assert.throws(() => resolveInside(root, '../x_v1evil/a'), UnsafePathError.is);
    });

    it('Should accept files whose names merely start with two dots', () => {
        const root = path.resolve('/tmp/dest/x_v1');
        assert.equal(resolveInside(root, '..data'), path.join(root, '..data'));
        assert.equal(resolveInside(root, '...hidden/config'), path.join(root, '...hidden', 'config'));
    });

    it('Should name the folder NAME_vVERSION without doubling a leading v', () => {
        assert.equal(versionDirName('peoplenet', '2.6.1'), 'peoplenet_v2.6.1');
        assert.equal(versionDirName('gpu-operator', 'v25.3.0'), 'gpu-operator_v25.3.0');
        assert.equal(versionDirName('tool', 'vision-1'), 'tool_vvision-1');
    });
});
