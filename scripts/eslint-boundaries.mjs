// A local ESLint rule that keeps the layers apart: `boundaries/imports` resolves every relative import against the
// file that makes it, so a rule reads as folders of the repository ("src/core may not import src/extension") instead
// of specifier patterns that break when a file moves one folder deeper. Bare specifiers are checked by package name.
//
// Options (one object): { allow?: { paths?, packages? }, deny?: { paths?, packages? }, because }
//   paths     repository-relative folders or files ('src/protocol'); a relative import resolving inside one matches
//   packages  package names ('zod', '@vscode-elements/elements'); 'pkg/sub/path' matches 'pkg'
//   allow     when given for a kind (paths or packages), only those are allowed; deny forbids those
// Every way to name a module counts: import, import type, export ... from, import(), require(), import('x').Type.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

function packageName(specifier) {
    const parts = specifier.split('/');
    return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function inside(path, folders) {
    return folders.some((folder) => path === folder || path.startsWith(folder + '/'));
}

/** Why `specifier` (imported from `filename`) breaks the options, or undefined when it is allowed. */
export function violation(filename, specifier, { allow = {}, deny = {} }) {
    if (specifier.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(filename), specifier))
            .split(sep)
            .join('/');
        if (deny.paths && inside(target, deny.paths)) return `${target} is off limits`;
        if (allow.paths && !inside(target, allow.paths)) return `${target} is outside ${allow.paths.join(', ')}`;
        return undefined;
    }
    const name = packageName(specifier);
    if (deny.packages?.includes(name)) return `package ${name} is off limits`;
    if (allow.packages && !allow.packages.includes(name))
        return `package ${name} is not among ${allow.packages.join(', ')}`;
    return undefined;
}

const importsRule = {
    meta: {
        type: 'problem',
        docs: { description: 'Restrict which folders and packages the files of a layer may import.' },
        schema: [
            {
                type: 'object',
                properties: {
                    allow: { type: 'object' },
                    deny: { type: 'object' },
                    because: { type: 'string' },
                },
                required: ['because'],
                additionalProperties: false,
            },
        ],
        messages: { forbidden: "'{{specifier}}': {{reason}}. {{because}}" },
    },
    create(context) {
        const options = context.options[0];
        const check = (node) => {
            if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
            const reason = violation(context.filename, node.value, options);
            if (reason !== undefined) {
                context.report({
                    node,
                    messageId: 'forbidden',
                    data: { specifier: node.value, reason, because: options.because },
                });
            }
        };
        return {
            ImportDeclaration: (node) => check(node.source),
            ExportNamedDeclaration: (node) => check(node.source),
            ExportAllDeclaration: (node) => check(node.source),
            ImportExpression: (node) => check(node.source),
            TSExternalModuleReference: (node) => check(node.expression),
            TSImportType: (node) =>
                check(node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.source),
            CallExpression: (node) => {
                if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
            },
        };
    },
};

export const boundaries = { meta: { name: 'boundaries' }, rules: { imports: importsRule } };
