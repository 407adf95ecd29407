import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachContext, type DiagnoseContext } from '../../../../src/core/diagnose/context';
import { diagnose, type Cause } from '../../../../src/core/diagnose/diagnose';
import { HttpError } from '../../../../src/core/http/errors';
import { CancelledError } from '../../../../src/core/lib/abort';
import { redactor } from '../../../../src/core/lib/log';

function status(code: number, extra: Partial<ConstructorParameters<typeof HttpError>[0]> = {}): HttpError {
    return new HttpError({
        kind: 'status',
        url: 'http://api.test/v2/org/acme/repos',
        status: code,
        requestId: 'req-1',
        ...extra,
    });
}

const personal: DiagnoseContext = { keyKind: 'personal', keyOrgs: ['nvidia', 'acme'], keyTeams: ['acme/vision'] };

describe('diagnose (unit)', () => {
    const cases: [string, unknown, DiagnoseContext, Cause, number][] = [
        ['a 401 without a key', status(401), { keyKind: 'none', org: 'acme' }, 'noKey', 3],
        ['a 401 with a key', status(401), { ...personal, org: 'acme' }, 'invalidKey', 3],
        [
            'a 401 for an org the key is not in',
            status(401),
            { keyKind: 'personal', keyOrgs: ['otherorg'], org: 'acme' },
            'wrongOrg',
            3,
        ],
        ['a 401 with an unknown key kind', status(401), {}, 'invalidKey', 3],
        [
            'a 403 on a list with a service key',
            status(403),
            { keyKind: 'service', keyOrgs: ['acme'], org: 'acme', operation: 'list' },
            'serviceKeyCannotList',
            4,
        ],
        [
            'a 403 on search with a service key',
            status(403),
            { keyKind: 'service', operation: 'search' },
            'serviceKeyCannotList',
            4,
        ],
        [
            'a 403 on an artifact that needs a product',
            status(403),
            { ...personal, org: 'nvidia', productNames: ['nv-ai-enterprise'] },
            'notEntitled',
            4,
        ],
        [
            'a 403 on an artifact in a public org',
            status(403),
            { ...personal, org: 'nvidia', artifact: 'nvidia/nvaie-pytorch', operation: 'read' },
            'notEntitled',
            4,
        ],
        [
            'a 403 in an org the key is not in',
            status(403),
            { ...personal, org: 'bigorg', artifact: 'bigorg/x', operation: 'read' },
            'notMember',
            4,
        ],
        [
            'a 403 in a team the key is not in',
            status(403),
            { ...personal, org: 'acme', team: 'robotics', operation: 'list' },
            'notMember',
            4,
        ],
        ['a 412', status(412), { ...personal, artifact: 'nvidia/llama-gated:1.0' }, 'licenseRequired', 4],
        ['a 451', status(451), personal, 'euRestricted', 4],
        ['a 404 with a key', status(404), personal, 'notFound', 5],
        ['a 404 as a guest', status(404), { keyKind: 'none' }, 'notFoundOrNoAccess', 5],
        ['a 429', status(429, { retryAfterMs: 30_000 }), personal, 'rateLimited', 1],
        ['a 503', status(503), personal, 'server', 1],
        ['a 400 (a refusal: retrying will not help)', status(400), personal, 'refused', 1],
        ['a connection failure', new HttpError({ kind: 'network', url: 'http://x/' }), {}, 'network', 1],
        ['a timeout', new HttpError({ kind: 'timeout', url: 'http://x/' }), {}, 'network', 1],
        [
            'a format error',
            new HttpError({ kind: 'format', url: 'http://x/', description: 'HTML' }),
            {},
            'badResponse',
            1,
        ],
        ['a plain error', new Error('weird'), {}, 'unknown', 1],
        ['a cancellation', new CancelledError(), {}, 'unknown', 1],
    ];
    for (const [name, error, ctx, cause, exitCode] of cases) {
        it(`Should diagnose ${name} as ${cause} (exit ${exitCode})`, () => {
            const d = diagnose(error, ctx);
            assert.equal(d.cause, cause);
            assert.equal(d.exitCode, exitCode);
            assert.ok(d.title.length > 0 && d.remedy.length > 0);
        });
    }

    it('Should say that a 401 without a key may hide a missing item', () => {
        const d = diagnose(status(401), { keyKind: 'none', org: 'acme', artifact: 'acme/base' });
        assert.match(d.remedy, /401 rather than 404/);
        // Per surface: the words hold everywhere, the CLI gets the variable, the editor the button.
        assert.doesNotMatch(d.remedy, /NGC_API_KEY|VS Code|CLI/);
        assert.match(d.cli ?? '', /NGC_API_KEY/);
        assert.equal(d.action, 'setApiKey');
    });

    it('Should name the key orgs and offer to switch on a wrong-org 401', () => {
        const d = diagnose(status(401), { keyKind: 'personal', keyOrgs: ['otherorg'], org: 'acme' });
        assert.match(d.remedy, /"otherorg", not "acme"/);
        assert.equal(d.action, 'switchOrg');
    });

    it('Should quote the Retry-After wait and keep the request id', () => {
        const d = diagnose(status(429, { retryAfterMs: 30_000 }), personal);
        assert.match(d.remedy, /wait 30 s/);
        assert.equal(d.requestId, 'req-1');
        assert.equal(d.action, 'retry');
    });

    it('Should offer the licence action for 412', () => {
        assert.equal(diagnose(status(412), personal).action, 'openLicense');
    });

    it('Should use the context the client attached, with the caller context on top', () => {
        const error = attachContext(status(403), {
            keyKind: 'service',
            keyOrgs: ['acme'],
            org: 'acme',
            operation: 'list',
        });
        assert.equal(diagnose(error).cause, 'serviceKeyCannotList');
        assert.equal(diagnose(error, { keyKind: 'personal' }).cause, 'notMember');
    });

    it('Should never show a registered key in the detail', () => {
        const key = 'sim-legacy-key-0004';
        redactor.add(key);
        const d = diagnose(new Error(`the key ${key} failed with Bearer abc.def`), { keyKind: 'legacy' });
        assert.doesNotMatch(JSON.stringify(d), /sim-legacy-key-0004|abc\.def/);
    });
});
