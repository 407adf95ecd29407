import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { remedyFor, type Cause } from '../../../../src/core/diagnose/remedies';

/** CLI words that must not reach an editor surface: flags, the CLI's name as a command, its environment lines. */
const CLI_WORDS = /--dest\b|--type\b|ngc-explorer (download|pull|pin|verify|whoami)|export NGC_|NGC_API_KEY=/;

const CAUSES: Cause[] = [
    'noKey',
    'invalidKey',
    'wrongOrg',
    'serviceKeyCannotList',
    'notEntitled',
    'notMember',
    'licenseRequired',
    'euRestricted',
    'notFound',
    'notFoundOrNoAccess',
    'rateLimited',
    'network',
    'server',
    'badResponse',
    'unknown',
];

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

async function sources(dir: string): Promise<string[]> {
    const entries = await readdir(path.join(ROOT, dir), { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
}

describe('No CLI advice in the editor (unit)', () => {
    it('Should word every remedy and title for every surface; the CLI line stays in `cli`', () => {
        for (const cause of CAUSES) {
            for (const ctx of [{}, { org: 'acme', team: 'vision', keyOrgs: ['nvidia'], artifact: 'acme/x' }]) {
                const r = remedyFor(cause, ctx);
                assert.doesNotMatch(`${r.title} ${r.remedy}`, CLI_WORDS, cause);
            }
        }
    });

    it('Should never read the diagnosis CLI line anywhere in the extension, the protocol or the webview', async () => {
        const files = [
            ...(await sources('src/extension')),
            ...(await sources('src/protocol')),
            ...(await sources('webview-ui/src')),
        ];
        const offenders: string[] = [];
        for (const file of files) {
            const text = await readFile(file, 'utf8');
            if (/\.cli\b/.test(text)) {
                offenders.push(path.relative(ROOT, file));
            }
        }
        assert.deepEqual(offenders, []);
    });

    it('Should word the transfer engine messages the editor shows without CLI flags or commands', async () => {
        const offenders: string[] = [];
        for (const file of await sources('src/core/transfer')) {
            const lines = (await readFile(file, 'utf8')).split('\n');
            lines.forEach((line, i) => {
                if (/['`]/.test(line) && !/^\s*(\*|\/\/|\/\*\*)/.test(line) && CLI_WORDS.test(line)) {
                    offenders.push(`${path.relative(ROOT, file)}:${i + 1}`);
                }
            });
        }
        assert.deepEqual(offenders, []);
    });
});
