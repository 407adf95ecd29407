#!/usr/bin/env node
// Fails when the relative imports under the given folders close a circle, and prints each circle as a path.
// Usage: node scripts/check-cycles.mjs [folder ...]   (default: src sim webview-ui/src)
//        → exit 0 without circles, 1 with one line per strongly connected group and one shortest circle through it.
//
// Every edge counts: `import`, `import type`, `export ... from` and `import()`/`require()`. A type-only circle does
// not break module initialisation, but it still means neither file can be read, moved or tested without the other
// (the sim's 15-file circle is type-only), and breaking one is cheap: move the shared type into its own file. Only
// relative specifiers are followed (packages cannot close a circle with our files); each edge in the printout is
// tagged with how it imports (` type`, ` dynamic`) so a reader sees which ones are cheap to cut.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

function sourceFiles(dir) {
    if (!existsSync(dir)) return [];
    const out = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
            if (entry.name !== 'node_modules') out.push(...sourceFiles(path));
        } else if (EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith('.d.ts')) {
            out.push(path);
        }
    }
    return out;
}

/** `./x`, `./x.js` (NodeNext spelling of `./x.ts`) or `./x/index` → the file it names, or undefined. */
function resolveRelative(from, specifier) {
    const base = resolve(dirname(from), specifier);
    const stem = base.replace(/\.(c|m)?js$/, '');
    const candidates = [
        base,
        ...EXTENSIONS.map((ext) => stem + ext),
        ...EXTENSIONS.map((ext) => join(base, 'index' + ext)),
    ];
    return candidates.find((path) => existsSync(path) && statSync(path).isFile());
}

function isTypeOnlyImport(node) {
    const clause = node.importClause;
    if (!clause) return false; // `import './x'` runs the module
    if (clause.isTypeOnly) return true;
    const bindings = clause.namedBindings;
    return (
        clause.name === undefined &&
        bindings !== undefined &&
        ts.isNamedImports(bindings) &&
        bindings.elements.length > 0 &&
        bindings.elements.every((element) => element.isTypeOnly)
    );
}

function isTypeOnlyExport(node) {
    if (node.isTypeOnly) return true;
    const clause = node.exportClause;
    return (
        clause !== undefined &&
        ts.isNamedExports(clause) &&
        clause.elements.length > 0 &&
        clause.elements.every((element) => element.isTypeOnly)
    );
}

/** Every module specifier in `file` with how it is imported: 'value', 'type' or 'dynamic'. */
export function importsOf(file, text = readFileSync(file, 'utf8')) {
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const found = [];
    const visit = (node) => {
        if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
            found.push({ specifier: node.moduleSpecifier.text, kind: isTypeOnlyImport(node) ? 'type' : 'value' });
        } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
            found.push({ specifier: node.moduleSpecifier.text, kind: isTypeOnlyExport(node) ? 'type' : 'value' });
        } else if (
            ts.isImportEqualsDeclaration(node) &&
            ts.isExternalModuleReference(node.moduleReference) &&
            ts.isStringLiteral(node.moduleReference.expression)
        ) {
            found.push({ specifier: node.moduleReference.expression.text, kind: node.isTypeOnly ? 'type' : 'value' });
        } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
            const literal = node.argument.literal;
            if (ts.isStringLiteral(literal)) found.push({ specifier: literal.text, kind: 'type' });
        } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
            const callee = node.expression;
            if (callee.kind === ts.SyntaxKind.ImportKeyword) {
                found.push({ specifier: node.arguments[0].text, kind: 'dynamic' });
            } else if (ts.isIdentifier(callee) && callee.text === 'require') {
                found.push({ specifier: node.arguments[0].text, kind: 'value' });
            }
        }
        ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
}

/** file → Map(target file → kind); a value edge wins over a type or dynamic edge between the same two files. */
export function importGraph(files) {
    const known = new Set(files);
    const graph = new Map();
    const rank = { value: 0, dynamic: 1, type: 2 };
    for (const file of files) {
        const edges = new Map();
        for (const { specifier, kind } of importsOf(file)) {
            if (!specifier.startsWith('.')) continue;
            const target = resolveRelative(file, specifier);
            if (target === undefined || !known.has(target)) continue;
            const previous = edges.get(target);
            if (previous === undefined || rank[kind] < rank[previous]) edges.set(target, kind);
        }
        graph.set(file, edges);
    }
    return graph;
}

/** Tarjan's strongly connected components with more than one file (or a file importing itself). */
function circularGroups(graph) {
    let counter = 0;
    const index = new Map();
    const low = new Map();
    const stack = [];
    const onStack = new Set();
    const groups = [];
    const connect = (node) => {
        index.set(node, counter);
        low.set(node, counter);
        counter++;
        stack.push(node);
        onStack.add(node);
        for (const next of graph.get(node).keys()) {
            if (!index.has(next)) {
                connect(next);
                low.set(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.has(next)) {
                low.set(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node) === index.get(node)) {
            const group = [];
            let member;
            do {
                member = stack.pop();
                onStack.delete(member);
                group.push(member);
            } while (member !== node);
            if (group.length > 1 || graph.get(node).has(node)) groups.push(group.sort());
        }
    };
    for (const node of [...graph.keys()].sort()) {
        if (!index.has(node)) connect(node);
    }
    return groups;
}

/** The shortest circle through `start` inside `group` (breadth-first), as the list of files from start to start. */
function shortestCircle(graph, group, start) {
    const members = new Set(group);
    const parent = new Map([[start, undefined]]);
    const queue = [start];
    while (queue.length > 0) {
        const node = queue.shift();
        for (const next of [...graph.get(node).keys()].sort()) {
            if (!members.has(next)) continue;
            if (next === start) {
                const path = [start];
                for (let at = node; at !== start; at = parent.get(at)) path.splice(1, 0, at);
                return [...path, start];
            }
            if (!parent.has(next)) {
                parent.set(next, node);
                queue.push(next);
            }
        }
    }
    return [start, start];
}

/** One entry per circular group: its files and one shortest circle, each edge with its import kind. */
export function findCircles(roots, cwd = process.cwd()) {
    const files = roots.flatMap((root) => sourceFiles(resolve(cwd, root))).sort();
    const graph = importGraph(files);
    return circularGroups(graph).map((group) => {
        // The longest-lived circle to report is the shortest one through the group's first file.
        const circle = shortestCircle(graph, group, group[0]);
        return {
            files: group.map((file) => relative(cwd, file)),
            circle: circle.map((file, i) => ({
                file: relative(cwd, file),
                kind: i === 0 ? undefined : graph.get(circle[i - 1]).get(file),
            })),
        };
    });
}

function main() {
    const roots = process.argv.slice(2);
    const folders = roots.length > 0 ? roots : ['src', 'sim', 'webview-ui/src'];
    const circles = findCircles(folders);
    if (circles.length === 0) {
        console.log(`no import circles in ${folders.join(', ')}`);
        return;
    }
    for (const { files, circle } of circles) {
        const path = circle.map(({ file, kind }) =>
            kind === undefined || kind === 'value' ? file : `(${kind}) ${file}`,
        );
        console.log(`circle through ${files.length} file(s): ${path.join(' -> ')}`);
        if (files.length > circle.length - 1) console.log(`  the group: ${files.join(', ')}`);
    }
    console.log(`${circles.length} import circle group(s) in ${folders.join(', ')}`);
    process.exitCode = 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
