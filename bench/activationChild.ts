/**
 * The child side of `bench/activation.ts`, as plain CommonJS sources written to a temp folder and run with bare
 * `node` (no tsx hooks, so nothing but the bundle is transformed or timed).
 *
 * FAKE_VSCODE is the smallest `vscode` module that `activate()` needs: real-enough EventEmitter/Disposable/Uri and
 * classes, no-op UI factories, an empty configuration and SecretStorage. Every namespace is strict: touching a member
 * it lacks throws, so a fake that drifted from the extension makes the bench fail instead of timing an early exit.
 */
export const FAKE_VSCODE = String.raw`'use strict';
const counters = { commands: 0 };
class Disposable {
    constructor(fn) { this.fn = fn; }
    static from(...items) { return new Disposable(() => items.forEach((d) => d.dispose())); }
    dispose() { if (this.fn) { this.fn(); this.fn = undefined; } }
}
const noEvent = () => new Disposable();
class EventEmitter {
    constructor() {
        this.listeners = new Set();
        this.event = (listener) => { this.listeners.add(listener); return new Disposable(() => this.listeners.delete(listener)); };
    }
    fire(value) { for (const l of [...this.listeners]) l(value); }
    dispose() { this.listeners.clear(); }
}
class Uri {
    constructor(scheme, path) { this.scheme = scheme; this.path = path; }
    static file(path) { return new Uri('file', path); }
    static parse(text) { const i = text.indexOf(':'); return new Uri(text.slice(0, i), text.slice(i + 1)); }
    static joinPath(base, ...parts) { return new Uri(base.scheme, [base.path, ...parts].join('/').replace(/\/+/g, '/')); }
    get fsPath() { return this.path; }
    toString() { return this.scheme + '://' + this.path; }
}
class ThemeIcon { constructor(id, color) { this.id = id; this.color = color; } }
class ThemeColor { constructor(id) { this.id = id; } }
class TreeItem { constructor(label, collapsibleState) { this.label = label; this.collapsibleState = collapsibleState; } }
class MarkdownString { constructor(value, supportThemeIcons) { this.value = value || ''; this.supportThemeIcons = supportThemeIcons; } }
class Position { constructor(line, character) { this.line = line; this.character = character; } }
class Range { constructor(start, end) { this.start = start; this.end = end; } }
class WorkspaceEdit { replace() {} insert() {} }
class FileDecoration { constructor(badge, tooltip, color) { this.badge = badge; this.tooltip = tooltip; this.color = color; } }
class CodeAction { constructor(title, kind) { this.title = title; this.kind = kind; } }
const configuration = { get: (key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined };
const channel = (name) => ({
    name, logLevel: 2, onDidChangeLogLevel: noEvent,
    trace() {}, debug() {}, info() {}, warn() {}, error() {}, append() {}, appendLine() {}, replace() {}, clear() {}, show() {}, hide() {}, dispose() {},
});
function strict(name, target) {
    return new Proxy(target, {
        get(t, p) {
            if (typeof p === 'symbol' || p in t || p === 'then' || p === '__esModule' || p === 'default') return t[p];
            throw new Error('the fake vscode has no ' + name + '.' + String(p) + ' (bench/activationChild.ts)');
        },
    });
}
module.exports = strict('vscode', {
    version: '1.100.3',
    Disposable, EventEmitter, Uri, ThemeIcon, ThemeColor, TreeItem, MarkdownString, Position, Range, WorkspaceEdit, CodeAction, FileDecoration,
    CodeActionKind: { QuickFix: 'quickfix' },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    languages: strict('languages', {
        createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {} }),
        registerHoverProvider: () => new Disposable(),
        registerCodeActionsProvider: () => new Disposable(),
        registerCodeLensProvider: () => new Disposable(),
        registerCompletionItemProvider: () => new Disposable(),
    }),
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    window: strict('window', {
        createOutputChannel: (name) => channel(name),
        createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
        createTreeView: () => ({ visible: false, onDidChangeVisibility: noEvent, onDidExpandElement: noEvent, onDidCollapseElement: noEvent, onDidChangeSelection: noEvent, reveal: async () => undefined, dispose() {} }),
        registerWebviewPanelSerializer: () => new Disposable(),
        registerFileDecorationProvider: () => new Disposable(),
        showErrorMessage: async () => undefined,
        showWarningMessage: async () => undefined,
        showInformationMessage: async () => undefined,
        setStatusBarMessage: () => new Disposable(),
        withProgress: async (_options, task) => task({ report() {} }, { isCancellationRequested: false, onCancellationRequested: noEvent }),
        activeTextEditor: undefined,
        onDidChangeActiveTextEditor: noEvent,
        onDidChangeTextEditorSelection: noEvent,
    }),
    workspace: strict('workspace', { getConfiguration: () => configuration, onDidChangeConfiguration: noEvent, onDidCloseTextDocument: noEvent, onDidOpenTextDocument: noEvent, onDidSaveTextDocument: noEvent, onDidChangeTextDocument: noEvent, textDocuments: [], workspaceFolders: undefined }),
    commands: strict('commands', {
        registerCommand: () => { counters.commands++; return new Disposable(); },
        executeCommand: async () => undefined,
    }),
    env: strict('env', { clipboard: { writeText: async () => undefined }, openExternal: async () => true, machineId: 'bench', appName: 'bench' }),
    __counters: counters,
});
`;

/** The measured script: hook `vscode`, time require, activate, and the microtasks activate queued. */
export function childScript(fakePath: string, bundlePath: string, extensionRoot: string): string {
    return `'use strict';
const Module = require('module');
const { performance } = require('perf_hooks');
const fake = require(${JSON.stringify(fakePath)});
const load = Module._load;
Module._load = function (request, parent, isMain) {
    return request === 'vscode' ? fake : load.apply(this, arguments);
};
const noEvent = () => ({ dispose() {} });
const context = {
    subscriptions: [],
    extensionUri: fake.Uri.file(${JSON.stringify(extensionRoot)}),
    globalStorageUri: fake.Uri.file("/tmp/ngc-bench-global-storage"),
    extensionPath: ${JSON.stringify(extensionRoot)},
    secrets: { get: async () => undefined, store: async () => undefined, delete: async () => undefined, onDidChange: noEvent },
    globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
    extensionMode: 1,
};
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const extension = require(${JSON.stringify(bundlePath)});
const t1 = performance.now();
const api = extension.activate(context);
const t2 = performance.now();
const cpu = process.cpuUsage(cpu0);
if (api && api.ready && api.ready.catch) api.ready.catch(() => undefined);
setImmediate(() => {
    const t3 = performance.now();
    process.stdout.write(JSON.stringify({
        requireMs: t1 - t0,
        activateMs: t2 - t1,
        settledMs: t3 - t1,
        // CPU time of require + activate (user + system, all threads): less sensitive than wall time to a busy machine.
        cpuMs: (cpu.user + cpu.system) / 1000,
        commands: fake.__counters.commands,
        // The identity check waits for the view: nothing may have loaded the HTTP core (undici) yet.
        undiciLoaded: Object.keys(require.cache).some((file) => file.endsWith('undici.js')),
        heapMb: Math.round(process.memoryUsage().heapUsed / 1048576),
    }) + '\\n');
    process.exit(0);
});
`;
}
