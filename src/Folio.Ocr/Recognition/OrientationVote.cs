namespace Folio.Ocr.Recognition;

/// <summary>
/// Turns per-line orientation guesses into decisions. The line classifier misfires on a few upright lines of
/// ordinary pages (reading them upside down turns a good line into noise), while a page scanned upside down has
/// nearly every line flagged: so lines are turned only when most of the page agrees.
/// </summary>
public static class OrientationVote
{
    /// <summary>The lines to turn: those flagged, when more than half of all lines are flagged; otherwise none.</summary>
    public static bool[] Apply(IReadOnlyList<bool> flagged)
    {
        var count = flagged.Count(f => f);
        var result = new bool[flagged.Count];
        if (count * 2 > flagged.Count)
        {
            for (var i = 0; i < result.Length; i++)
            {
                result[i] = flagged[i];
            }
        }

        return result;
    }
}
