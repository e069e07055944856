using System.Net.Sockets;

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

/// <summary>A theory that needs the models and a real PDF from r-doc-pdf; skipped with the reason otherwise.</summary>
internal sealed class RealPdfTheoryAttribute : TheoryAttribute
{
    public RealPdfTheoryAttribute()
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
    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    // A busy 2-core machine can take longer than half a second to accept: try a few times before saying no.
    public static bool IsListening(int port)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                if (client.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromSeconds(1)) && client.Connected)
                {
                    return true;
                }
            }
            catch (AggregateException)
            {
                return false; // refused: nothing listens
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return false;
    }
}

/// <summary>Azurite's blob endpoint on 127.0.0.1:10000, probed once.</summary>
internal static class Azurite
{
    public const string ConnectionString = "UseDevelopmentStorage=true";

    public const string SkipReason = "Azurite is not reachable on 127.0.0.1:10000 (start it: node node_modules/azurite/dist/src/azurite.js --inMemoryPersistence --skipApiVersionCheck).";

    // Loopback.IsListening waits 500 ms, which a busy 2-core machine can exceed while tests start: try longer.
    private static readonly Lazy<bool> Reachable = new(() =>
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                if (client.ConnectAsync("127.0.0.1", 10000).Wait(TimeSpan.FromSeconds(2)) && client.Connected)
                {
                    return true;
                }
            }
            catch (AggregateException)
            {
                return false; // refused: nothing listens
            }
        }

        return false;
    });

    public static bool IsReachable => Reachable.Value;
}

/// <summary>A fact skipped, with the reason, when Azurite is not running.</summary>
internal sealed class AzuriteFactAttribute : FactAttribute
{
    public AzuriteFactAttribute()
    {
        if (!Azurite.IsReachable)
        {
            Skip = Azurite.SkipReason;
        }
    }
}

/// <summary>Skipped with a reason without Azurite or the models.</summary>
internal sealed class AzuriteModelsFactAttribute : FactAttribute
{
    public AzuriteModelsFactAttribute() => Skip = AzuriteModels.SkipReason();
}

/// <summary>Skipped with a reason without Azurite or the models.</summary>
internal sealed class AzuriteModelsTheoryAttribute : TheoryAttribute
{
    public AzuriteModelsTheoryAttribute() => Skip = AzuriteModels.SkipReason();
}

internal static class AzuriteModels
{
    public static string? SkipReason() =>
        !RepoPaths.ModelsPresent ? $"OCR models missing in {RepoPaths.Models}: run scripts/fetch-models.sh."
        : !Azurite.IsReachable ? Azurite.SkipReason
        : null;
}
