/**
 * Rows under a header as lines, each column as wide as its widest cell, two spaces apart; a
 * column whose every body cell is a number (or `-`) is aligned right.
 */
export function alignedTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
    const widths = header.map((title, column) =>
        Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
    );
    const numeric = header.map(
        (_title, column) => rows.length > 0 && rows.every((row) => /^(-|-?\d[\d.e+-]*)$/.test(row[column] ?? '')),
    );
    const line = (cells: readonly string[]): string =>
        cells
            .map((cell, column) => {
                const width = widths[column] ?? 0;
                return numeric[column] === true ? cell.padStart(width) : cell.padEnd(width);
            })
            .join('  ')
            .trimEnd();
    return [line(header), ...rows.map(line)];
}
