using System.Text.Json;

namespace Folio.Contracts;

/// <summary>Enums as the JSON writes them (<c>succeeded</c>, <c>partiallySucceeded</c>, …), for text outside a JSON document: tags, status fields.</summary>
public static class EnumText
{
    /// <summary>The name the enum's JSON converter gives <paramref name="value"/>.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        JsonSerializer.Serialize(value).Trim('"');
}
