/**
 * The `## <heading>` section of a Markdown document: from its heading line to the next `## `
 * heading or the end, without trailing blank lines; undefined when there is none.
 */
export function sectionOf(markdown: string, heading: string): string | undefined {
    const lines = markdown.split('\n');
    const start = lines.indexOf(`## ${heading}`);
    if (start < 0) {
        return undefined;
    }
    const next = lines.findIndex((line, index) => index > start && line.startsWith('## '));
    return lines
        .slice(start, next < 0 ? lines.length : next)
        .join('\n')
        .trimEnd();
}

/**
 * The document with its `## <heading>` section replaced by `section` (which starts with that
 * heading), or with `section` added at the end when it had none; the rest is kept as it was.
 */
export function withSection(markdown: string, heading: string, section: string): string {
    const old = sectionOf(markdown, heading);
    const body = section.trimEnd();
    if (old === undefined) {
        return `${markdown.trimEnd()}\n\n${body}\n`;
    }
    const at = markdown.split('\n').indexOf(`## ${heading}`);
    const before = markdown.split('\n').slice(0, at).join('\n');
    const after = markdown.slice(before.length + (before.length > 0 ? 1 : 0) + old.length);
    return `${before}${before.length > 0 ? '\n' : ''}${body}${after.length > 0 ? after : '\n'}`;
}
