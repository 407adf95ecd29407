import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
    findKeyCandidates,
    maskKey,
    ngcCliConfigPath,
    parseNgcCliConfig,
} from '../../../../src/extension/auth/keySources';

const CONFIG = `;WARNING - This is a machine generated file.  Do not edit manually.
;WARNING - To update local config settings, see "ngc config set -h"

[CURRENT]
apikey = nvapi-config-key-1234
format_type = ascii
org = acme
team = no-team

[OTHER]
apikey = nvapi-other-profile
`;

describe('keySources (unit)', () => {
    it('Should read apikey and org from the CURRENT section and ignore other sections', () => {
        assert.deepEqual(parseNgcCliConfig(CONFIG), { apiKey: 'nvapi-config-key-1234', org: 'acme' });
    });

    it('Should return nothing from a config without a CURRENT apikey', () => {
        assert.deepEqual(parseNgcCliConfig('[OTHER]\napikey = x\n'), {});
    });

    it('Should honour NGC_CLI_CONFIG_DIR for the config path', () => {
        assert.equal(ngcCliConfigPath({ NGC_CLI_CONFIG_DIR: '/etc/ngc' }, '/home/u'), '/etc/ngc/config');
        assert.equal(ngcCliConfigPath({}, '/home/u'), '/home/u/.ngc/config');
    });

    it('Should list environment keys before the config key and drop duplicates', async () => {
        const read = async (p: string) => (p === '/home/u/.ngc/config' ? CONFIG : undefined);
        const found = await findKeyCandidates(
            { NGC_API_KEY: 'nvapi-env', NGC_CLI_API_KEY: 'nvapi-env' },
            '/home/u',
            read,
        );
        assert.deepEqual(
            found.map((c) => [c.source, c.key]),
            [
                ['NGC_API_KEY', 'nvapi-env'],
                ['ngc-cli-config', 'nvapi-config-key-1234'],
            ],
        );
        assert.equal(found[1]?.label, 'NGC CLI config ~/.ngc/config');
    });

    it('Should find nothing when neither the environment nor the config has a key', async () => {
        assert.deepEqual(await findKeyCandidates({}, '/home/u', async () => undefined), []);
    });

    it('Should mask all but the kind and the last four characters', () => {
        assert.equal(maskKey('nvapi-abcdefgh1234'), 'nvapi-…1234');
        assert.equal(maskKey('legacykey9876'), '…9876');
    });
});
