using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Folio.Ocr.Runtime;

/// <summary>
/// The activation ranges that <see cref="Int8Quantization"/> turns into uint8 scales: per tensor of one model file,
/// the smallest and largest value the FP32 model produced there over real text lines (<see cref="Int8Calibrator"/>).
/// Valid for that file only: it names the file's SHA-256, and a model of another digest is refused.
/// </summary>
/// <param name="Model">The model file's name.</param>
/// <param name="ModelSha256">The model file's SHA-256 (hex, lower case).</param>
/// <param name="Method">How the ranges were taken.</param>
/// <param name="Source">What the model read to take them (pages, lines, the command).</param>
/// <param name="Ranges">Per tensor name: [min, max].</param>
public sealed record Int8Calibration(string Model, string ModelSha256, string Method, string Source, IReadOnlyDictionary<string, float[]> Ranges)
{
    /// <summary>The committed table of the recognizer (src/Folio.Ocr/Runtime/recognizer-int8-calibration.json), embedded under this name.</summary>
    public const string RecognizerResource = "Folio.Ocr.Runtime.recognizer-int8-calibration.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    private static readonly Lazy<Int8Calibration> Committed = new(() =>
    {
        using var stream = typeof(Int8Calibration).Assembly.GetManifestResourceStream(RecognizerResource)
            ?? throw new InvalidOperationException($"The assembly has no resource {RecognizerResource}.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    /// <summary>The recognizer's committed table.</summary>
    public static Int8Calibration Recognizer => Committed.Value;

    /// <summary>The first 12 hex digits of the SHA-256 of the table's JSON: stands for its ranges in cache keys.</summary>
    [JsonIgnore]
    public string Digest => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ToJson())))[..12];

    /// <summary>Reads a table.</summary>
    /// <exception cref="InvalidDataException">Not a table: bad JSON, a field missing, or a range that is not [min ≤ max], both finite.</exception>
    public static Int8Calibration Parse(string json)
    {
        Int8Calibration? table;
        try
        {
            table = JsonSerializer.Deserialize<Int8Calibration>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Not an INT8 calibration table: {ex.Message}", ex);
        }

        if (table is null || string.IsNullOrEmpty(table.ModelSha256) || table.Ranges is null || table.Ranges.Count == 0)
        {
            throw new InvalidDataException("Not an INT8 calibration table: it names no model digest or no ranges.");
        }

        var bad = table.Ranges.FirstOrDefault(r => r.Value is not [var min, var max] || !float.IsFinite(min) || !float.IsFinite(max) || min > max);
        return bad.Key is null ? table : throw new InvalidDataException($"INT8 calibration table: the range of '{bad.Key}' is not [min, max].");
    }

    /// <summary>The table as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json) + "\n";

    /// <summary>Refuses a model file other than the one the table was taken on.</summary>
    /// <exception cref="InvalidDataException">The digests differ.</exception>
    public void RequireModel(string modelSha256)
    {
        if (!string.Equals(modelSha256, ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException(
                $"The INT8 calibration table is for {Model} with SHA-256 {ModelSha256}; this model has SHA-256 {modelSha256}. "
                + "Take a table for it (folio-bench calibrate) or run it in FP32 (Ocr:CpuPrecision=Fp32).");
        }
    }

    /// <summary>The observed range of <paramref name="tensor"/>.</summary>
    /// <exception cref="InvalidDataException">The table has no range for it.</exception>
    public (float Min, float Max) Range(string tensor) =>
        Ranges.TryGetValue(tensor, out var range)
            ? (range[0], range[1])
            : throw new InvalidDataException($"The INT8 calibration table of {Model} has no range for tensor '{tensor}'.");
}
