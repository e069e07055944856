using System.Text.Json;
using System.Text.Json.Serialization;

namespace Folio.Inference;

/// <summary>JSON settings of the service's responses: camelCase, nulls left out.</summary>
internal static class InferenceJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
