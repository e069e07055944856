namespace Folio.Pages.Layout;

/// <summary>Joins the lines of a paragraph into running text.</summary>
public static class LineJoiner
{
    /// <summary>
    /// Joins a paragraph's lines with spaces, removing the hyphen of a word broken across lines
    /// ("recog-" + "nition" gives "recognition") when both sides are lower-case letters.
    /// </summary>
    public static string JoinLines(IEnumerable<string> lines)
    {
        var text = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (text.Length == 0)
            {
                text = line;
            }
            else if (text.Length >= 2 && text[^1] == '-' && char.IsLower(text[^2]) && char.IsLower(line[0]))
            {
                text = string.Concat(text.AsSpan(0, text.Length - 1), line);
            }
            else
            {
                text = $"{text} {line}";
            }
        }

        return text;
    }
}
