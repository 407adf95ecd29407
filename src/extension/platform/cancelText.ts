/** The operations a user can cancel from a progress notification. */
export type CancellableOperation = 'download' | 'pull' | 'verify' | 'pin' | 'insertFrom' | 'keyCheck' | 'mirror';

/** Buttons a cancel acknowledgement may offer; each command wires the ones it lists. */
export type CancelAction = 'Resume' | 'Delete Partial Files' | 'Run Again';

export interface CancelNotice {
    message: string;
    actions: CancelAction[];
    /** The line for the log (the message without the advice). */
    logLine: string;
}

/**
 * What the user sees after pressing Cancel: that it stopped, what was left behind, and how to go on. A download
 * keeps its verified files and partials (running it again resumes them), so it offers Resume and, when anything was
 * written, Delete Partial Files; a pull keeps the layers Docker already has; the others change nothing until they
 * finish, so they say so and offer Run Again. `subject` names what was being worked on.
 */
export function cancelNotice(operation: CancellableOperation, subject: string, wroteFiles = false): CancelNotice {
    switch (operation) {
        case 'download':
            return wroteFiles
                ? {
                      message: `Download cancelled — run it again to resume (${subject}).`,
                      actions: ['Resume', 'Delete Partial Files'],
                      logLine: `download of ${subject} cancelled; partial files kept for a resume`,
                  }
                : {
                      message: `Download cancelled (${subject}) — nothing was written.`,
                      actions: ['Run Again'],
                      logLine: `download of ${subject} cancelled before any file was written`,
                  };
        case 'pull':
            return {
                message: `Pull cancelled — run it again to resume (${subject}); Docker keeps the layers it already has.`,
                actions: ['Resume'],
                logLine: `pull of ${subject} cancelled`,
            };
        case 'verify':
            return {
                message: `Verification cancelled (${subject}) — nothing was recorded.`,
                actions: ['Run Again'],
                logLine: `verification of ${subject} cancelled`,
            };
        case 'pin':
            return {
                message: `Pinning cancelled — ${subject} was not changed.`,
                actions: ['Run Again'],
                logLine: `pinning ${subject} cancelled`,
            };
        case 'insertFrom':
            return {
                message: `Insert Pinned FROM cancelled (${subject}) — nothing was inserted.`,
                actions: ['Run Again'],
                logLine: `insert pinned FROM of ${subject} cancelled`,
            };
        case 'mirror':
            // The target tag is written last, so a cancelled mirror leaves no tag; blobs sent stay and are not resent.
            return {
                message: `Mirror cancelled (${subject}) — no tag was written; blobs already sent are not sent again.`,
                actions: ['Run Again'],
                logLine: `mirror of ${subject} cancelled before the tag was written`,
            };
        case 'keyCheck':
            return {
                message: `Key check cancelled — ${subject}.`,
                actions: [],
                logLine: `key check cancelled; ${subject}`,
            };
    }
}
