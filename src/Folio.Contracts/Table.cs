namespace Folio.Contracts;

/// <summary>The structure of a table block: a grid of rows and columns and the cells placed on it.</summary>
public sealed record Table
{
    /// <summary>Number of rows; the first row is the header in Markdown.</summary>
    public required int Rows { get; init; }

    /// <summary>Number of columns.</summary>
    public required int Columns { get; init; }

    /// <summary>The cells, row by row, left to right.</summary>
    public required IReadOnlyList<TableCell> Cells { get; init; }
}

/// <summary>One cell of a <see cref="Table"/>.</summary>
/// <param name="Row">0-based row.</param>
/// <param name="Column">0-based first column.</param>
/// <param name="Text">The cell's text.</param>
/// <param name="Bbox">Bounds in page pixels.</param>
/// <param name="RowSpan">Rows covered, at least 1.</param>
/// <param name="ColumnSpan">Columns covered, at least 1.</param>
public sealed record TableCell(int Row, int Column, string Text, Box Bbox, int RowSpan = 1, int ColumnSpan = 1);
