using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Folio.Testing;

/// <summary>Where the repository's files are, found from the test binary's folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Models => Path.Combine(Root, "models");

    public static string Samples => Path.Combine(Root, "samples");

    public static string BadInputs => Path.Combine(Root, "tests", "data", "bad");

    public static bool ModelsPresent => File.Exists(Path.Combine(Models, "ch_PP-OCRv4_rec_infer.onnx"));

    /// <summary>A real born-digital PDF installed by Debian's r-doc-pdf (its text layer is ground truth).</summary>
    public static string? RealPdf { get; } = new[]
    {
        "/usr/share/R/doc/manual/R-intro.pdf",
        "/usr/share/doc/r-doc-pdf/manual/R-intro.pdf",
    }.FirstOrDefault(File.Exists);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Functions.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Character error rate: edit distance over the reference length, after collapsing whitespace.</summary>
internal static class TextMetrics
{
    public static string Collapse(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(folded.Length);
        foreach (var part in folded.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(part);
        }

        return sb.ToString();
    }

    public static double Cer(string reference, string hypothesis)
    {
        var r = Collapse(reference);
        var h = Collapse(hypothesis);
        if (r.Length == 0)
        {
            return h.Length == 0 ? 0 : 1;
        }

        var previous = new int[h.Length + 1];
        var current = new int[h.Length + 1];
        for (var j = 0; j <= h.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= r.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= h.Length; j++)
            {
                var cost = r[i - 1] == h[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return (double)previous[h.Length] / r.Length;
    }

    public static string Percent(double value) => (value * 100).ToString("F2", CultureInfo.InvariantCulture) + " %";
}

/// <summary>A fact that needs the OCR models (scripts/fetch-models.sh); skipped with the reason otherwise.</summary>
internal sealed class ModelsFactAttribute : FactAttribute
{
    public ModelsFactAttribute()
    {
        if (!RepoPaths.ModelsPresent)
        {
            Skip = $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }
    }
}

/// <summary>A theory that needs the OCR models; skipped with the reason otherwise.</summary>
internal sealed class ModelsTheoryAttribute : TheoryAttribute
{
    public ModelsTheoryAttribute()
    {
        if (!RepoPaths.ModelsPresent)
        {
            Skip = $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }
    }
}

/// <summary>A fact that needs the models and a real PDF from r-doc-pdf; skipped with the reason otherwise.</summary>
internal sealed class RealPdfFactAttribute : FactAttribute
{
    public RealPdfFactAttribute()
    {
        if (!RepoPaths.ModelsPresent)
        {
            Skip = $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh.";
        }
        else if (RepoPaths.RealPdf is null)
        {
            Skip = "No real PDF: install Debian r-doc-pdf (apt-get install r-doc-pdf).";
        }
    }
}

/// <summary>Whether something listens on a loopback port (for Azurite, s3rver).</summary>
internal static class Loopback
{
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromMilliseconds(500)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
