using System.Text.Json;

namespace Folio.Ocr.Runtime;

/// <summary>Where ONNX Runtime ran one node of a model.</summary>
/// <param name="Node">The node's name (as ONNX Runtime calls it after its own fusions).</param>
/// <param name="OpType">Its operator.</param>
/// <param name="Provider">The execution provider that ran it, e.g. <c>CUDAExecutionProvider</c>.</param>
public sealed record NodePlacement(string Node, string OpType, string Provider)
{
    /// <summary>
    /// The nodes a profiled session ran and their providers, read from the JSON file that
    /// <c>InferenceSession.EndProfiling</c> names (a session made with <see cref="SessionFactory.Create"/>'s
    /// profile prefix): each node once, in the order of its first run.
    /// </summary>
    public static IReadOnlyList<NodePlacement> FromProfile(string profilePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(profilePath));
        var placements = new List<NodePlacement>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("cat", out var category) && category.GetString() == "Node"
                && entry.TryGetProperty("name", out var name) && name.GetString() is { } eventName && eventName.EndsWith("_kernel_time", StringComparison.Ordinal)
                && entry.TryGetProperty("args", out var args) && args.TryGetProperty("provider", out var provider) && args.TryGetProperty("op_name", out var op))
            {
                var node = eventName[..^"_kernel_time".Length];
                if (seen.Add(node))
                {
                    placements.Add(new NodePlacement(node, op.GetString() ?? string.Empty, provider.GetString() ?? string.Empty));
                }
            }
        }

        return placements;
    }
}
