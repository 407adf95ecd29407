import type { BaseImageLine } from './baseImages';
import type { ListedTag, Outcome, TagFacts } from './imageFacts';

/** What the editor knows about one NGC `FROM` line after analysis (editorFacts.ts builds it, the views read it). */
export interface LineAnalysis {
    line: BaseImageLine;
    /** What the line's tag points at now (absent for digest-only and unknown lines). */
    tag?: Outcome<TagFacts>;
    /** The digest the line should be pinned to: its platform's when it names one or is pinned to one, else the tag's. */
    expected?: string;
    /** The tag as listed (date, signed), when the repository listing has it. */
    listed?: ListedTag;
    /** Newer tags of the same series, newest first. */
    newer: ListedTag[];
}
