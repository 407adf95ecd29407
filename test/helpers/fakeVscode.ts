import Module from 'node:module';

/**
 * The few parts of the `vscode` module the tree provider and `treeItems.ts` use, real enough to test them under plain
 * Node: TreeItem, ThemeIcon/ThemeColor, MarkdownString (with `appendText`'s escaping), EventEmitter, and a
 * `window.createTreeView` whose expand/collapse events a test fires, and `workspace.getConfiguration` over layers a
 * test sets ({@link configurationLayers}). Importing this module makes `require('vscode')`
 * return it from then on: import it before the code under test.
 */
type Listener<T> = (e: T) => void;

export class FakeEventEmitter<T> {
    private readonly listeners = new Set<Listener<T>>();
    readonly event = (listener: Listener<T>) => {
        this.listeners.add(listener);
        return { dispose: () => this.listeners.delete(listener) };
    };
    fire(value: T): void {
        for (const listener of [...this.listeners]) {
            listener(value);
        }
    }
    dispose(): void {
        this.listeners.clear();
    }
}

class ThemeColor {
    constructor(readonly id: string) {}
}

class ThemeIcon {
    constructor(
        readonly id: string,
        readonly color?: ThemeColor,
    ) {}
}

class MarkdownString {
    isTrusted: boolean | undefined;
    supportHtml = false;
    constructor(
        public value = '',
        readonly supportThemeIcons = false,
    ) {}
    appendText(text: string): this {
        this.value += text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
        return this;
    }
}

class TreeItem {
    [key: string]: unknown;
    constructor(
        public label: unknown,
        public collapsibleState?: number,
    ) {}
}

/** The tree views created through the fake, with the emitters a test fires expand/collapse through. */
export const createdViews: {
    expand: FakeEventEmitter<{ element: unknown }>;
    collapse: FakeEventEmitter<{ element: unknown }>;
}[] = [];

/** The status bar items created through the fake, as the code left them. */
export const createdStatusItems: { text: string; tooltip: unknown; command: unknown; shown: boolean }[] = [];

/** What `workspace.getConfiguration(section).inspect(key)` answers, by `section.key`; a test sets the layers. */
export const configurationLayers = new Map<
    string,
    { globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown }
>();

function configuration(section: string) {
    const layers = (key: string) => configurationLayers.get(`${section}.${key}`);
    return {
        inspect: (key: string) => layers(key),
        // VS Code's merged value: the most specific layer wins.
        get: (key: string) => {
            const l = layers(key);
            return l?.workspaceFolderValue ?? l?.workspaceValue ?? l?.globalValue;
        },
    };
}

export const fakeVscode = {
    TreeItem,
    ThemeIcon,
    ThemeColor,
    MarkdownString,
    EventEmitter: FakeEventEmitter,
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    workspace: {
        workspaceFolders: undefined as { uri: { fsPath: string } }[] | undefined,
        getConfiguration: configuration,
    },
    StatusBarAlignment: { Left: 1, Right: 2 },
    commands: {
        executeCommand: async (..._args: unknown[]): Promise<unknown> => undefined,
    },
    window: {
        createStatusBarItem() {
            const item = {
                name: '',
                text: '',
                tooltip: undefined as unknown,
                command: undefined as unknown,
                shown: false,
                show: () => {
                    item.shown = true;
                },
                dispose: () => undefined,
            };
            createdStatusItems.push(item);
            return item;
        },
        createTreeView() {
            const expand = new FakeEventEmitter<{ element: unknown }>();
            const collapse = new FakeEventEmitter<{ element: unknown }>();
            createdViews.push({ expand, collapse });
            return {
                onDidExpandElement: expand.event,
                onDidCollapseElement: collapse.event,
                description: undefined,
                visible: true,
                dispose: () => undefined,
            };
        },
    },
};

/** Answers `require('vscode')` with {@link fakeVscode} from now on (in this process). */
function installFakeVscode(): void {
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const load = loader._load;
    loader._load = function (request: string, ...rest: unknown[]) {
        return request === 'vscode' ? fakeVscode : load.call(this, request, ...rest);
    };
}

installFakeVscode();
