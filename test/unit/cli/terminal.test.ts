import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeControls, guardText } from '../../../src/cli/terminal';
import { redactor } from '../../../src/core/lib/log';

describe('terminal guards (unit)', () => {
    it('Should show ESC, BEL, CSI, OSC and C1 as visible escapes and keep newlines and tabs', () => {
        assert.equal(escapeControls('a\u001b[2Jb\u0007c\u009bd\te\n'), 'a\\x1B[2Jb\\x07c\\x9Bd\te\n');
        assert.equal(escapeControls('\r\u007f'), '\\x0D\\x7F');
    });

    it("Should keep the CLI's own progress codes on stderr but not a server's codes in the middle of a line", () => {
        assert.equal(guardText('\r\u001b[K12 MB of 40 MB', 'stderr'), '\r\u001b[K12 MB of 40 MB');
        assert.equal(guardText('\rfile.bin 10%\u001b[K\n', 'stderr'), '\rfile.bin 10%\u001b[K\n');
        assert.equal(guardText('\rname\u001b]0;t\u0007\u001b[K', 'stderr'), '\rname\\x1B]0;t\\x07\u001b[K');
        assert.equal(guardText('a\rb\n', 'stderr'), 'a\\x0Db\n');
    });

    it('Should escape DEL and C1 as JSON escapes under --json, so the document stays valid', () => {
        const doc = guardText(JSON.stringify({ name: 'a\u009b31mb\u007f' }), 'json');
        assert.doesNotMatch(doc, /[\u007f-\u009f]/);
        assert.equal((JSON.parse(doc) as { name: string }).name, 'a\u009b31mb\u007f');
    });

    it('Should show a raw ESC written under --json as an escape, never as a control character', () => {
        const out = guardText('{"note": "x"}\u001b]0;owned\u0007\n', 'json');
        assert.doesNotMatch(out, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
        assert.match(out, /\\u001b\]0;owned\\u0007\n$/);
    });

    it('Should redact a registered secret in every mode', () => {
        redactor.add('terminal-guard-secret-1234');
        for (const mode of ['text', 'json', 'stderr'] as const) {
            assert.doesNotMatch(guardText('id terminal-guard-secret-1234', mode), /terminal-guard-secret-1234/);
        }
    });
});
