namespace Folio.Soak;

/// <summary>What one soak run does: how many documents, how many service kills, and where the real things are.</summary>
internal sealed record SoakSettings
{
    /// <summary>Documents submitted at once, good and bad together.</summary>
    public int Documents { get; init; } = 28;

    /// <summary>How many of them come from tests/data/bad (at most one of each file there).</summary>
    public int BadDocuments { get; init; } = 7;

    /// <summary>Times the inference service is killed and started again on the same port.</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>How long the service stays down after each kill.</summary>
    public TimeSpan Downtime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Render resolution of the PDF pages.</summary>
    public int Dpi { get; init; } = 100;

    /// <summary>Pages in flight per document.</summary>
    public int PagesInFlightPerDocument { get; init; } = 2;

    /// <summary>Every document must reach a terminal state within this long of being submitted; one that does not is stuck.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Repository root: samples/, tests/data/bad/ and models/ are read from it.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The inference service's entry assembly (Folio.Inference.dll of a build output).</summary>
    public required string ServiceAssembly { get; init; }

    /// <summary>Storage connection string of the durable backend.</summary>
    public string StorageConnectionString { get; init; } = "UseDevelopmentStorage=true";

    public string Samples => Path.Combine(RepositoryRoot, "samples");

    public string BadInputs => Path.Combine(RepositoryRoot, "tests", "data", "bad");

    public string Models => Path.Combine(RepositoryRoot, "models");

    public int GoodDocuments => Documents - BadDocuments;
}
