import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { hostileEnv } from '../../builders/hostileClients';
import { credentialOf, json, jsonFrom } from '../../builders/hostileReplies';
import { startHostileServer, type HostileServer } from '../../builders/hostileServer';
import type { HostileRequest } from '../../builders/hostileServer';
import { captureOutput } from '../../helpers/commandRunner';

/** A legacy key (no `nvapi-` prefix): only the redactor's knowledge of this exact value can mask it. */
const KEY = 'hostileLegacyKey0123456789abcdef';
const TOKEN = 'hostile-session-token-77777777';
/** Terminal traps: window title (OSC 0 … BEL), screen clear (CSI 2J), an OSC 8 link, a C1 CSI, a bare BEL. */
const TRAP =
    'x\u001b]0;pwned\u0007y\u001b[2J\u001b]8;;https://evil.example/\u001b\\link\u001b]8;;\u001b\\\u009b31mz\u0007';

function echoing(req: HostileRequest): string {
    return `req-${credentialOf(req)}-${req.headers['authorization'] ?? ''}`;
}

async function run(server: HostileServer, args: string[]) {
    const io = captureOutput();
    const code = await main(args, io, hostileEnv(server, KEY));
    return { code, stdout: io.out, stderr: io.err, all: io.out + io.err };
}

function assertNoSecret(text: string, label: string): void {
    assert.ok(!text.includes(KEY), `${label}: the key is masked`);
    assert.ok(!text.includes(TOKEN), `${label}: the token is masked`);
    assert.ok(!text.includes(Buffer.from(`$oauthtoken:${KEY}`).toString('base64')), `${label}: no Basic form`);
}

function assertNoControls(text: string, label: string): void {
    const found = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.exec(text);
    assert.equal(found, null, `${label}: no control character reaches the terminal (${JSON.stringify(found?.[0])})`);
}

describe('every byte the CLI prints is redacted and inert (unit, hostile server)', () => {
    let server: HostileServer;
    before(async () => {
        server = await startHostileServer();
        server.on('GET', '/token', json(200, { token: TOKEN, expires_in: 600 }));
        server.on(
            'GET',
            '/v2/search/resources/MODEL',
            jsonFrom(200, (req) => ({
                requestStatus: { statusCode: 'SUCCESS', requestId: echoing(req) },
                resultTotal: 1,
                resultPageTotal: 1,
                results: [
                    {
                        groupValue: 'MODEL',
                        totalCount: 1,
                        resources: [
                            {
                                resourceId: `acme/m${TRAP}`,
                                name: `m${TRAP}`,
                                displayName: `echo ${echoing(req)} ${TRAP}`,
                                description: `key ${credentialOf(req)}`,
                                attributes: [{ key: 'latestVersionIdStr', value: `1.0${TRAP}` }],
                                labels: [],
                            },
                        ],
                    },
                ],
            })),
        );
        server.on(
            'GET',
            '/v2/org/acme/repos/app/images',
            jsonFrom(500, (req) => ({
                requestStatus: {
                    statusCode: 'INTERNAL_ERROR',
                    statusDescription: `failed for ${credentialOf(req)} ${TRAP}`,
                    requestId: echoing(req),
                },
            })),
        );
    });
    after(() => server.close());

    it('Should mask a key and token the server echoes in search results, in the table and in --json', async () => {
        const table = await run(server, ['search', 'm', '--type', 'model']);
        assert.equal(table.code, 0, table.stderr);
        assert.match(table.stdout, /acme\/m/);
        assertNoSecret(table.all, 'table');
        const doc = await run(server, ['search', 'm', '--type', 'model', '--json', '--verbose']);
        assert.equal(doc.code, 0, doc.stderr);
        assertNoSecret(doc.all, '--json --verbose');
        assert.equal((JSON.parse(doc.stdout) as { results: unknown[] }).results.length, 1);
    });

    it('Should mask a key echoed in requestStatus.requestId and the error text, plain, --verbose and --json', async () => {
        for (const extra of [[], ['--verbose'], ['--json']]) {
            const result = await run(server, ['tags', 'acme/app', ...extra]);
            assert.equal(result.code, 1, result.stderr);
            assert.match(result.stderr, /request id/);
            assertNoSecret(result.all, `tags ${extra.join(' ')}`);
        }
    });

    it('Should show server control sequences as inert text in human output, on stdout and stderr', async () => {
        const table = await run(server, ['search', 'm', '--type', 'model']);
        assertNoControls(table.stdout, 'search table');
        assert.match(table.stdout, /\\x1B\]0;pwned\\x07/, 'the sequence is shown, escaped');
        const failure = await run(server, ['tags', 'acme/app', '--verbose']);
        assertNoControls(failure.stderr.replace(/\n/g, ''), 'failure on stderr');
    });

    it('Should keep control characters as JSON escapes under --json, the document intact', async () => {
        const doc = await run(server, ['search', 'm', '--type', 'model', '--json']);
        assertNoControls(doc.stdout.replace(/\n/g, ''), '--json stdout');
        const parsed = JSON.parse(doc.stdout) as { results: { name: string; latest: string }[] };
        assert.equal(parsed.results[0]?.name, `m${TRAP}`, 'the exact server text, escaped not lost');
        assert.equal(parsed.results[0]?.latest, `1.0${TRAP}`);
        const failed = await run(server, ['tags', 'acme/app', '--json']);
        const error = (JSON.parse(failed.stdout) as { error: { message: string } }).error;
        assert.ok(error.message.includes('\u001b]0;pwned') || error.message.includes('\\x1B]0;pwned'));
    });
});
