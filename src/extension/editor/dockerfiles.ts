/**
 * Which editor `Insert Pinned FROM` writes into, decided without vscode. The command often runs while the details
 * panel has focus, when VS Code reports no active text editor at all: the Dockerfile the user was last in is the
 * target then, at the cursor position it had.
 */

/** `Dockerfile`, `Dockerfile.cuda`, `app.Dockerfile`, `x.dockerfile`, `Containerfile`, … (the file's base name). */
const DOCKERFILE_NAME = /(^|[./])Dockerfile|\.dockerfile$|Containerfile/i;

export interface DocumentInfo {
    /** `document.uri.toString()`. */
    uri: string;
    languageId: string | undefined;
    /** Path or file name; only the base name is matched. */
    path: string;
}

/** A document is a Dockerfile by language mode (`dockerfile`) or, whatever its mode, by name. */
export function isDockerfile(doc: Pick<DocumentInfo, 'languageId' | 'path'>): boolean {
    if (doc.languageId === 'dockerfile') {
        return true;
    }
    const base = doc.path.split(/[\\/]/).pop() ?? '';
    return DOCKERFILE_NAME.test(base);
}

export type InsertTarget =
    /** The active editor is a Dockerfile: insert at its cursor. */
    | { kind: 'active' }
    /** The Dockerfile last active (still open): reveal it and insert at its last cursor position. */
    | { kind: 'last'; uri: string }
    /** Ask: one of these open Dockerfiles, or a new untitled one. */
    | { kind: 'ask'; candidates: DocumentInfo[] }
    /** No Dockerfile anywhere: a new untitled one. */
    | { kind: 'untitled' };

/**
 * The active editor if it is a Dockerfile; else the last Dockerfile editor if that document is still open; else the
 * user picks among the open Dockerfiles (or a new one); else a new untitled Dockerfile. A non-Dockerfile active
 * editor (a README, the output panel) is never written into.
 */
export function chooseInsertTarget(input: {
    active?: DocumentInfo;
    last?: string;
    open: DocumentInfo[];
}): InsertTarget {
    if (input.active && isDockerfile(input.active)) {
        return { kind: 'active' };
    }
    const dockerfiles = dedupe(input.open.filter(isDockerfile));
    if (input.last !== undefined && dockerfiles.some((d) => d.uri === input.last)) {
        return { kind: 'last', uri: input.last };
    }
    return dockerfiles.length > 0 ? { kind: 'ask', candidates: dockerfiles } : { kind: 'untitled' };
}

function dedupe(docs: DocumentInfo[]): DocumentInfo[] {
    const seen = new Set<string>();
    return docs.filter((d) => !seen.has(d.uri) && seen.add(d.uri));
}
