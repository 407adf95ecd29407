import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeSecret, RegistryCredentialStore } from '../../../../src/core/registry/credentialStore';
import { redactor } from '../../../../src/core/lib/log';
import {
    describeRecord,
    newRecord,
    readStoredRecords,
    serialiseRecords,
    withoutHost,
    withRecord,
} from '../../../../src/extension/mirror/credentialRecords';

function record(hostname: string, username: string, password: string, kind: 'generic' | 'harbor' | 'ecr' = 'generic') {
    const r = newRecord({ hostname, kind, username, password });
    assert.ok(!('error' in r), `${hostname}: ${'error' in r ? r.error : ''}`);
    return r;
}

describe('registry credential records (unit)', () => {
    it('Should store what the CLI file holds, read back by core’s own store for the exact host only', async () => {
        const robot = record('Harbor.Example.com', 'robot$team+ci', 'p@ss:w"rd $x', 'harbor');
        const text = serialiseRecords([robot]);
        const store = new RegistryCredentialStore({ file: { name: 'test', text } });
        assert.deepEqual(await store.provider('harbor.example.com'), {
            username: 'robot$team+ci',
            password: 'p@ss:w"rd $x',
        });
        assert.equal(await store.provider('harbor.example.com:443'), undefined);
        assert.equal(await store.provider('other.example.com'), undefined);
        assert.equal(readStoredRecords(text).records[0]?.kind, 'harbor');
    });

    it('Should refuse a hostname with a scheme or path, an empty password and a username with a colon', () => {
        for (const [hostname, username, password] of [
            ['https://h.io', 'u', 'pw-0001-secret'],
            ['h.io/path', 'u', 'pw-0002-secret'],
            ['h.io', 'u', ''],
            ['h.io', 'a:b', 'pw-0003-secret'],
            ['h.io', '  ', 'pw-0004-secret'],
        ] as const) {
            const r = newRecord({ hostname, kind: 'generic', username, password });
            assert.ok('error' in r, `${hostname} ${username}`);
            assert.ok(
                !('error' in r && password !== '' && r.error.includes(password)),
                'the password is not in the reason',
            );
        }
    });

    it('Should keep one record per host: adding replaces, removing leaves the others', () => {
        const a1 = record('a.io', 'u1', 'p1');
        const a2 = record('a.io', 'u2', 'p2');
        const b = record('b.io:5000', 'u', 'p');
        const list = withRecord(withRecord([a1, b], a2), b);
        assert.deepEqual(
            list.map((r) => [r.hostname, decodeSecret(r.secret)?.username]),
            [
                ['a.io', 'u2'],
                ['b.io:5000', 'u'],
            ],
        );
        assert.deepEqual(
            withoutHost(list, 'A.IO').map((r) => r.hostname),
            ['b.io:5000'],
        );
    });

    it('Should show host, kind and username in pickers, never the password or the secret, and redact the password', () => {
        const r = record('h.io', 'alice', 'hunter2-very-secret');
        const shown = JSON.stringify(describeRecord(r));
        assert.match(shown, /h\.io/);
        assert.match(shown, /alice/);
        assert.ok(!shown.includes('hunter2-very-secret'));
        assert.ok(!shown.includes(r.secret));
        assert.ok(!redactor.redact('failed with hunter2-very-secret').includes('hunter2-very-secret'));
    });

    it('Should read an unreadable store as empty and say why without quoting it', () => {
        const { records, problem } = readStoredRecords('{"secret": "c2VjcmV0LXZhbHVl"');
        assert.deepEqual(records, []);
        assert.match(problem ?? '', /not JSON/);
        assert.ok(!(problem ?? '').includes('c2VjcmV0LXZhbHVl'));
        assert.deepEqual(readStoredRecords(undefined), { records: [] });
    });
});
