using System.Text.Json;

namespace Folio.Ocr.Runtime;

/// <summary>Where ONNX Runtime ran one node of a model.</summary>
/// <param name="Node">The node's name (as ONNX Runtime calls it after its own fusions).</param>
/// <param name="OpType">Its operator.</param>
/// <param name="Provider">The execution provider that ran it, e.g. <c>CUDAExecutionProvider</c>.</param>
/// <param name="OutputValues">How many values its outputs held together, in its first run.</param>
public sealed record NodePlacement(string Node, string OpType, string Provider, long OutputValues)
{
    /// <summary>
    /// Most values a shape computation outputs (a tensor's dimensions, a slice's bounds). ONNX Runtime keeps such
    /// nodes on the CPU on purpose under CUDA; a node on the CPU that outputs more is a fallback that costs copies.
    /// </summary>
    public const long ShapeValues = 8;

    /// <summary>Whether this node ran on the CPU under another provider for real data, not for a shape.</summary>
    public bool IsFallback(string provider) => Provider != provider && OutputValues > ShapeValues;

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
                    placements.Add(new NodePlacement(node, op.GetString() ?? string.Empty, provider.GetString() ?? string.Empty, CountOutputValues(args)));
                }
            }
        }

        return placements;
    }

    // "output_type_shape": [{"float": [16, 40, 6625]}, ...]; a scalar has an empty shape (one value).
    private static long CountOutputValues(JsonElement args)
    {
        if (!args.TryGetProperty("output_type_shape", out var outputs) || outputs.ValueKind != JsonValueKind.Array)
        {
            return long.MaxValue;
        }

        long total = 0;
        foreach (var output in outputs.EnumerateArray())
        {
            foreach (var typed in output.EnumerateObject())
            {
                total += typed.Value.EnumerateArray().Aggregate(1L, (n, d) => n * Math.Max(0, d.GetInt64()));
            }
        }

        return total;
    }
}
