using System.Text.Json;
using Folio.Testing;

namespace Folio.Functions.Tests;

/// <summary>What the Functions app is built from: the pipeline and its ports, never the OCR engine or the local host.</summary>
public class PackageGraphTests
{
    [Fact]
    public void FunctionsApp_CarriesNeitherOnnxRuntimeNorTheInProcessHost()
    {
        // NuGet's restore output lists every package and project in the app's graph, transitive ones included.
        var assets = Path.Combine(RepoPaths.Root, "src", "Functions", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"No {assets}: restore or build src/Functions first.");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var graph = json.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name[..l.Name.IndexOf('/', StringComparison.Ordinal)]).ToList();

        Assert.Contains("Microsoft.Azure.Functions.Worker", graph);
        Assert.Contains("Folio.Pipeline", graph);
        Assert.DoesNotContain(graph, name => name.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("Microsoft.DurableTask.InProcessTestHost", graph);
        Assert.DoesNotContain("Folio.Ocr", graph);
        Assert.DoesNotContain("Folio.Local", graph);
    }
}
