/**
 * Build arguments as a FROM line sees them. Only `ARG`s declared before the first `FROM` (the global scope) apply to
 * `FROM` lines; a default is the text after `=`, unquoted; `--build-arg` values given by the caller win. References
 * are expanded as BuildKit's shell lexer does for the forms people use in FROM (`$NAME`, `${NAME}`,
 * `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`); anything else, or a name with no value, makes
 * the result unknown: a FROM line is then said to be unknown, never guessed.
 */

/** Global `ARG name[=default]` declarations: name → default (undefined when declared without one). */
export function globalArgs(text: string): Map<string, string | undefined> {
    const args = new Map<string, string | undefined>();
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    for (const raw of body.split(/\r?\n/)) {
        const line = raw.trim();
        if (/^from\s/i.test(line)) {
            break;
        }
        const match = /^arg\s+(.+)$/i.exec(line);
        if (!match) {
            continue;
        }
        for (const word of (match[1] ?? '').match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? []) {
            const eq = word.indexOf('=');
            const name = eq < 0 ? word : word.slice(0, eq);
            if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
                continue;
            }
            args.set(name, eq < 0 ? undefined : unquote(word.slice(eq + 1)));
        }
    }
    return args;
}

function unquote(value: string): string {
    return value.replace(/"([^"]*)"|'([^']*)'/g, (_m, d: string | undefined, s: string | undefined) => d ?? s ?? '');
}

/**
 * Expands `$NAME` / `${…}` in `value` with `args`; undefined when a name has no value or a form is not understood.
 * `overrides` (build args the user gave) win over defaults.
 */
export function expandArgs(
    value: string,
    args: ReadonlyMap<string, string | undefined>,
    overrides: Readonly<Record<string, string>> = {},
): string | undefined {
    const lookup = (name: string): string | undefined => overrides[name] ?? args.get(name);
    let unknown = false;
    const out = value.replace(
        /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))|\$\{[^}]*\}?/g,
        (
            whole,
            braced: string | undefined,
            op: string | undefined,
            word: string | undefined,
            bare: string | undefined,
        ) => {
            const name = braced ?? bare;
            if (name === undefined) {
                unknown = true; // `${1}`, `${#x}`, an unterminated brace: not something FROM can use
                return whole;
            }
            const v = lookup(name);
            const set = v !== undefined && (op?.startsWith(':') ? v !== '' : true);
            if (op === ':-' || op === '-') {
                return set ? v : (word ?? '');
            }
            if (op === ':+' || op === '+') {
                return set ? (word ?? '') : '';
            }
            if (v === undefined) {
                unknown = true;
                return whole;
            }
            return v;
        },
    );
    return unknown ? undefined : out;
}
