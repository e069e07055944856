using System.Text.Json;
using System.Text.RegularExpressions;
using Folio.Testing;

namespace Folio.Functions.Tests;

/// <summary>What the Functions build writes: function metadata for the host, host.json and the settings sample.</summary>
public class BuildOutputTests
{
    [Fact]
    public void FunctionsMetadata_ListsOrchestrationActivityHttpAndBlobTriggers()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsOutput(), "functions.metadata")));
        var triggers = metadata.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().Select(b => b.GetProperty("type").GetString()!).ToList());

        Assert.Contains("orchestrationTrigger", triggers["DocumentOrchestrator"]);
        Assert.Contains("orchestrationTrigger", triggers["PageBatchOrchestrator"]);
        Assert.Contains("activityTrigger", triggers["PrepareDocument"]);
        Assert.Contains("activityTrigger", triggers["RecognizePage"]);
        Assert.Contains("activityTrigger", triggers["AssembleDocument"]);
        // Every activity the pipeline registers has its trigger (the notification step included).
        Assert.All(Folio.Pipeline.PipelineRegistration.Activities.Keys, name => Assert.Contains("activityTrigger", triggers[name]));
        Assert.Contains("NotifyCompletion", Folio.Pipeline.PipelineRegistration.Activities.Keys);
        Assert.Equal(["httpTrigger", "durableClient", "http"], triggers["StartDocument"]);
        Assert.Equal(["httpTrigger", "durableClient", "http"], triggers["GetDocument"]);
        Assert.Equal(["blobTrigger", "durableClient"], triggers["OnDocumentUploaded"]);

        var blob = metadata.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "OnDocumentUploaded").GetProperty("bindings")[0];
        Assert.Equal("%FOLIO_INPUT_CONTAINER%/{name}", blob.GetProperty("path").GetString());
        Assert.Equal("FOLIO_STORAGE", blob.GetProperty("connection").GetString());

        // Flex Consumption needs the Event Grid source; the polling trigger serves Core Tools + Azurite.
        Assert.Equal(["blobTrigger", "durableClient"], triggers["OnDocumentUploadedEventGrid"]);
        var eventGrid = metadata.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "OnDocumentUploadedEventGrid").GetProperty("bindings")[0];
        Assert.Equal("EventGrid", eventGrid.GetProperty("source").GetString());
        Assert.Equal("%FOLIO_INPUT_CONTAINER%/{name}", eventGrid.GetProperty("path").GetString());
    }

    [Fact]
    public void HostJson_IsCopied_WithTheHubFromAnAppSetting()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsOutput(), "host.json")));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");
        Assert.Equal("%FOLIO_TASK_HUB%", durable.GetProperty("hubName").GetString());
        Assert.True(durable.GetProperty("maxConcurrentActivityFunctions").GetInt32() > 0);
        Assert.True(durable.GetProperty("maxConcurrentOrchestratorFunctions").GetInt32() > 0);
    }

    [Fact]
    public void SettingsSample_IsCopied_AndNamesEverySettingTheAppReads()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionsOutput(), "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();
        var comments = sample.RootElement.GetProperty("_comments").EnumerateObject().Select(p => p.Name).ToHashSet();
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Functions", "FolioSettings.cs"));
        var read = Regex.Matches(source, "Text\\(\"([A-Za-z_]+)\"\\)|Number\\(\"([A-Z_]+)\"").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToHashSet();
        read.Remove("FOLIO_STORAGE__blobServiceUri"); // the identity-based alternative, described in the comments

        Assert.NotEmpty(read);
        Assert.Empty(read.Except(values));
        Assert.Empty(values.Except(comments));
        Assert.Equal("UseDevelopmentStorage=true", sample.RootElement.GetProperty("Values").GetProperty("AzureWebJobsStorage").GetString());
    }

    private static string FunctionsOutput()
    {
        // The test's own output has them when the build copies them through the project reference;
        // otherwise the Functions project's output for the same configuration.
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "functions.metadata")))
        {
            return AppContext.BaseDirectory;
        }

        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Parent!.Name; // bin/{Configuration}/net10.0/linux-x64
        var candidate = Path.Combine(RepoPaths.Root, "src", "Functions", "bin", configuration, "net10.0", "linux-x64");
        Assert.True(File.Exists(Path.Combine(candidate, "functions.metadata")), $"No functions.metadata in {candidate}: build src/Functions first.");
        return candidate;
    }
}
